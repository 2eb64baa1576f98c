using KooGallery.Supervision.Testing.Xunit;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Storage;

/// <summary>The in-memory store passes the store conformance suite.</summary>
public sealed class InMemoryStoreConformanceTests : ServiceFlowStoreConformanceTests
{
    protected override Task<IServiceFlowStore> CreateStoreAsync() => Task.FromResult<IServiceFlowStore>(new DamageableStore(new InMemoryServiceFlowStore()));

    /// <summary>Memory keeps objects, not rows: a damaged flow is one whose load fails, as a row that cannot be read would.</summary>
    protected override Task<bool> DamageFlowStateAsync(IServiceFlowStore store, string orderNumber)
    {
        ((DamageableStore)store).Damage(orderNumber);
        return Task.FromResult(true);
    }

    private sealed class DamageableStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        private readonly HashSet<string> _damaged = new(StringComparer.Ordinal);

        public void Damage(string orderNumber)
        {
            lock (_damaged)
            {
                _damaged.Add(orderNumber);
            }
        }

        public override ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken)
        {
            lock (_damaged)
            {
                if (_damaged.Contains(orderNumber))
                {
                    throw new InvalidDataException($"The stored state of flow {orderNumber} cannot be read.");
                }
            }

            return base.LoadAsync(orderNumber, cancellationToken);
        }
    }
}
