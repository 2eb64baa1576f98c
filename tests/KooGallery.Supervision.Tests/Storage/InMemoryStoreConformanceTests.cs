using KooGallery.Supervision.Testing;

namespace KooGallery.Supervision.Tests.Storage;

/// <summary>The in-memory store passes the store conformance suite.</summary>
public sealed class InMemoryStoreConformanceTests : ServiceFlowStoreConformanceTests
{
    protected override Task<IServiceFlowStore> CreateStoreAsync() => Task.FromResult<IServiceFlowStore>(new InMemoryServiceFlowStore());
}
