using KooGallery.Supervision.Testing.Xunit;
using Npgsql;

namespace KooGallery.Supervision.PostgreSql.Tests;

/// <summary>The PostgreSQL store passes the store conformance suite, each test in a schema of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreConformanceTests(PostgresServer server) : PostgreSqlConformance(server)
{
    protected override NpgsqlDataSource StoreDataSource(bool first) => first ? Server.DataSource : Own(Server.NewDataSource());
}

/// <summary>
/// The PostgreSQL store passes the store conformance suite on sessions whose transactions are serializable by default
/// (a database or role can set that): a save is one implicit transaction with the session's isolation, and a save that
/// meets a concurrent one there fails with a serialization failure, which the store reports as a version conflict.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlSerializableStoreConformanceTests(PostgresServer server) : PostgreSqlConformance(server)
{
    protected override NpgsqlDataSource StoreDataSource(bool first) =>
        Own(NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Options = "-c default_transaction_isolation=serializable" }.ConnectionString));
}

/// <summary>The conformance suite on the shared server: each store in a schema of its own, on the data source a subclass gives.</summary>
public abstract class PostgreSqlConformance(PostgresServer server) : ServiceFlowStoreConformanceTests, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<IServiceFlowStore, string> _schemas = [];

    protected PostgresServer Server { get; } = server;

    /// <summary>The data source of a store: the suite's first store of a test (<paramref name="first"/>), or a second one on the same data.</summary>
    protected abstract NpgsqlDataSource StoreDataSource(bool first);

    protected NpgsqlDataSource Own(NpgsqlDataSource dataSource)
    {
        _owned.Add(dataSource);
        return dataSource;
    }

    protected override async Task<IServiceFlowStore> CreateStoreAsync()
    {
        Server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = StoreDataSource(first: true), Schema = schema });
        await store.EnsureSchemaAsync();
        _schemas[store] = schema;
        return store;
    }

    protected override Task<IServiceFlowStore> CreateStoreOnSameDataAsync(IServiceFlowStore store) =>
        Task.FromResult<IServiceFlowStore>(new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = StoreDataSource(first: false), Schema = _schemas[store] }));

    protected override async Task<bool> DamageFlowStateAsync(IServiceFlowStore store, string orderNumber)
    {
        await using var command = Server.DataSource.CreateCommand($"UPDATE \"{_schemas[store]}\".supervision_flows SET state = 'not a flow' WHERE order_number = @order");
        command.Parameters.AddWithValue("order", orderNumber);
        await command.ExecuteNonQueryAsync();
        return true;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
