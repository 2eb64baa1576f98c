namespace KooGallery.Supervision.Sqlite;

/// <summary>Options of the SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the connection string, for example <c>Data Source=supervision.db</c>.</summary>
    /// <value>No default: required.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the <c>PRAGMA synchronous</c> level used with the write-ahead log: <c>FULL</c> makes
    /// every commit durable across power loss; <c>NORMAL</c> is faster and durable across a process
    /// crash but may lose the last commits on power loss.
    /// </summary>
    /// <value>The default value is <c>FULL</c>.</value>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// Gets or sets whether the store creates or upgrades its schema on first use. When false,
    /// call <see cref="ISupervisionSchema.EnsureSchemaAsync"/> at start-up; until then operations fail
    /// with a <see cref="SupervisionStoreException"/> whose reason is "SchemaMissing".
    /// </summary>
    /// <value>The default value is false: the schema step is explicit.</value>
    public bool EnsureSchemaOnFirstUse { get; set; }
}
