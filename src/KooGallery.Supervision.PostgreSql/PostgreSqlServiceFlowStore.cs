using System.Globalization;
using System.Text.RegularExpressions;
using KooGallery.Supervision.Relational;
using Npgsql;

namespace KooGallery.Supervision.PostgreSql;

/// <summary>
/// Keeps flows in PostgreSQL, for several nodes sharing one database. Every <see cref="FlowChange"/> is
/// written in one transaction (flow with its version check, records, command outcome, outbox events);
/// timer sweeps claim due rows with <c>FOR UPDATE SKIP LOCKED</c> so nodes sweeping at once split the
/// work. Safe for concurrent use. Every operation that fails because of the database (unreachable,
/// refused, failed mid-statement) throws a <see cref="SupervisionStoreException"/> naming the host, port,
/// database and user (never the password), with Npgsql's error as its inner exception.
/// </summary>
/// <remarks>
/// <para>
/// The flows <see cref="FindDueAsync"/> returns are claimed until its <c>now</c> plus <see cref="PostgreSqlStoreOptions.TimerClaim"/>
/// (one minute by default, at most five): sweeps on other nodes skip them until the flow is saved, parked,
/// or the claim lapses. Nothing else releases a claim: when the caller stops before handling every flow
/// (a cancelled search or sweep, a crash), the flows it did not handle wait for the claim to lapse. A call
/// that is cancelled or fails before it returns claims nothing (the claim commits only once every row is read).
/// </para>
/// <para>
/// Operation records and command outcomes are append-only in the database itself: row triggers raise an
/// exception on every <c>UPDATE</c> and <c>DELETE</c> of <c>supervision_records</c> and <c>supervision_commands</c>
/// (so <c>INSERT ... ON CONFLICT DO UPDATE</c> is stopped too), and statement triggers on every
/// <c>TRUNCATE</c> of them, whichever client sends the SQL. This guards against application bugs and
/// accidental writes. It does not guard against the tables' owner, a superuser or any role allowed to
/// change them: they can drop or disable the triggers (<c>DROP TRIGGER</c>, <c>ALTER TABLE ... DISABLE TRIGGER</c>,
/// <c>session_replication_role = replica</c>), drop the tables or the schema, or restore an older backup.
/// To narrow that, run the application as a role that does not own the tables and holds only the
/// privileges it needs. Flows (<c>supervision_flows</c>) and the outbox are updated by the store by design
/// and are not protected this way.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlServiceFlowStore : IServiceFlowStore, ISupervisionSchema, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    // The IServiceFlowStore operations hand every call to it: src/Shared/Relational/RelationalStoreOperations.cs.
    private readonly PostgreSqlRelationalStore _relational;

    /// <summary>Initializes a store over the database the options name.</summary>
    /// <param name="options">The options; a connection string or a data source is required.</param>
    /// <exception cref="ArgumentException">
    /// Neither is given, the schema name is not a plain identifier, or <see cref="PostgreSqlStoreOptions.TimerClaim"/>
    /// is outside its range.
    /// </exception>
    public PostgreSqlServiceFlowStore(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!PlainIdentifier().IsMatch(options.Schema ?? string.Empty))
        {
            throw new ArgumentException($"The schema name '{options.Schema}' must be letters, digits and underscores, starting with a letter or underscore.", nameof(options));
        }

        if (options.TimerClaim < PostgreSqlStoreOptions.MinTimerClaim || options.TimerClaim > PostgreSqlStoreOptions.MaxTimerClaim)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The timer claim of {options.TimerClaim.TotalSeconds} seconds is outside its range: from {PostgreSqlStoreOptions.MinTimerClaim.TotalSeconds} to {PostgreSqlStoreOptions.MaxTimerClaim.TotalSeconds} seconds."),
                nameof(options));
        }

        if (options.DataSource is { } dataSource)
        {
            _dataSource = dataSource;
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
            _ownsDataSource = true;
        }
        else
        {
            throw new ArgumentException("A PostgreSQL connection string or NpgsqlDataSource is required.", nameof(options));
        }

        var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        Target = string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port} (database '{builder.Database}', user '{builder.Username}')");
        _relational = new PostgreSqlRelationalStore(_dataSource, options, Target);
    }

    /// <summary>Gets where the store connects, without any password: host, port, database and user.</summary>
    public string Target { get; }

    /// <summary>Gets the SQL that reads pending events, for tests that check it is served by an index.</summary>
    internal string ReadPendingSql => _relational.Sql.ReadPending;

    /// <summary>Gets how many closed connection objects the store keeps for commands' first reads and saves.</summary>
    internal int KeptConnectionCount => _relational.KeptConnectionCount;

    /// <summary>The statement and parameters of a search page, for tests that read its query plan.</summary>
    internal (string Text, List<KeyValuePair<string, object>> Parameters) SearchStatement(FlowQuery query, Instant now) =>
        RelationalSearch.Statement(_relational.Sql, query, now);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();
}
