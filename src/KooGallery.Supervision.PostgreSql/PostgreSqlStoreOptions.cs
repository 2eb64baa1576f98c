using Npgsql;

namespace KooGallery.Supervision.PostgreSql;

/// <summary>Options of the PostgreSQL store.</summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The shortest <see cref="TimerClaim"/>: one second.</summary>
    public static readonly Duration MinTimerClaim = Duration.FromSeconds(1);

    /// <summary>The longest <see cref="TimerClaim"/>: five minutes.</summary>
    public static readonly Duration MaxTimerClaim = Duration.FromMinutes(5);

    /// <summary>Gets or sets the connection string; used when <see cref="DataSource"/> is not set.</summary>
    /// <value>No default.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets a data source the host built and owns; it takes precedence over <see cref="ConnectionString"/>.</summary>
    /// <value>No default.</value>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>Gets or sets the database schema (namespace) holding the supervision tables.</summary>
    /// <value>The default value is "public". Letters, digits and underscores, starting with a letter or underscore.</value>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// Gets or sets how long a timer sweep's claim on a due flow keeps other nodes' sweeps away from it,
    /// counted from the sweep's own instant. A claim ends early when the flow is saved or parked; otherwise
    /// (a sweep or search that stopped before reaching the flow, a crashed node) it lapses after this long,
    /// and only then do other nodes' sweeps take the flow. Correctness never depends on the claim (saves
    /// check versions): it should cover the time one sweep batch takes, and no more.
    /// </summary>
    /// <value>The default value is 1 minute; from <see cref="MinTimerClaim"/> (1 second) to <see cref="MaxTimerClaim"/> (5 minutes), checked when the store is built.</value>
    public Duration TimerClaim { get; set; } = Duration.FromMinutes(1);

    /// <summary>
    /// Gets or sets whether the store creates or upgrades its schema on first use. When false, call
    /// <see cref="ISupervisionSchema.EnsureSchemaAsync"/> at start-up.
    /// </summary>
    /// <value>The default value is false: the schema step is explicit.</value>
    public bool EnsureSchemaOnFirstUse { get; set; }

    /// <summary>
    /// Gets or sets whether the store prepares its save and a command's first read on the server. Npgsql keeps a
    /// prepared statement with its physical connection, across the connection's returns to the pool, so each
    /// connection parses and plans them once. Turn it off behind a connection pooler that does not keep prepared
    /// statements for a client (for example PgBouncer in transaction mode without <c>max_prepared_statements</c>),
    /// or where anything runs <c>DISCARD ALL</c> or <c>DEALLOCATE ALL</c> on the store's connections (a pooler's reset
    /// query, a tool): Npgsql would still take those statements for prepared, and the saves on such a connection
    /// would fail. On a data source with multiplexing on, the store never prepares (Npgsql refuses it there).
    /// </summary>
    /// <value>The default value is true.</value>
    public bool PrepareStatements { get; set; } = true;
}
