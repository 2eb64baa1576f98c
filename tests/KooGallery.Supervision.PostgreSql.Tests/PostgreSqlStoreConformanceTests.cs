using KooGallery.Supervision.Testing.Xunit;

namespace KooGallery.Supervision.PostgreSql.Tests;

/// <summary>The PostgreSQL store passes the store conformance suite, each test in a schema of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreConformanceTests(PostgresServer server) : ServiceFlowStoreConformanceTests, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<IServiceFlowStore, string> _schemas = [];

    protected override async Task<IServiceFlowStore> CreateStoreAsync()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        _schemas[store] = schema;
        return store;
    }

    protected override Task<IServiceFlowStore> CreateStoreOnSameDataAsync(IServiceFlowStore store)
    {
        var dataSource = server.NewDataSource();
        _owned.Add(dataSource);
        return Task.FromResult<IServiceFlowStore>(new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = _schemas[store] }));
    }

    protected override async Task<bool> DamageFlowStateAsync(IServiceFlowStore store, string orderNumber)
    {
        await using var command = server.DataSource.CreateCommand($"UPDATE \"{_schemas[store]}\".supervision_flows SET state = 'not a flow' WHERE order_number = @order");
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
    }
}
