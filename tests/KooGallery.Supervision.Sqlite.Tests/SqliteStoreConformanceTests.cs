using KooGallery.Supervision.Testing.Xunit;

namespace KooGallery.Supervision.Sqlite.Tests;

/// <summary>The SQLite store passes the store conformance suite, each test on a new database file.</summary>
public sealed class SqliteStoreConformanceTests : ServiceFlowStoreConformanceTests, IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly Dictionary<IServiceFlowStore, string> _files = [];

    protected override async Task<IServiceFlowStore> CreateStoreAsync()
    {
        var file = _folder.File(Guid.NewGuid().ToString("N") + ".db");
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        await store.EnsureSchemaAsync();
        _files[store] = file;
        return store;
    }

    protected override Task<IServiceFlowStore> CreateStoreOnSameDataAsync(IServiceFlowStore store) =>
        Task.FromResult<IServiceFlowStore>(new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={_files[store]}" }));

    protected override async Task<bool> DamageFlowStateAsync(IServiceFlowStore store, string orderNumber)
    {
        await SqliteFile.ExecuteAsync(_files[store], "UPDATE supervision_flows SET state = 'not a flow' WHERE order_number = @order", ("@order", orderNumber));
        return true;
    }

    public void Dispose() => _folder.Dispose();
}
