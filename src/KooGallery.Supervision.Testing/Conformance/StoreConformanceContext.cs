using System.Diagnostics.CodeAnalysis;

namespace KooGallery.Supervision.Testing;

/// <summary>
/// What a <see cref="StoreConformanceCase"/> needs from the store under test: a way to create a new, empty store, and
/// optionally a second instance over the same data and a way to damage a flow's stored state. It holds no test
/// framework: give it <see cref="Skip"/> to report a case that cannot run here as skipped in yours.
/// </summary>
/// <remarks>
/// Every case asks for its own new stores, so one context may serve several cases, in parallel when the delegates allow it.
/// The stores stay the caller's: a case neither disposes them nor deletes their data.
/// </remarks>
public sealed class StoreConformanceContext
{
    private readonly Func<CancellationToken, Task<IServiceFlowStore>> _createStore;

    /// <summary>Initializes a context over a way to create stores.</summary>
    /// <param name="createStore">
    /// Creates a new, empty store with its schema in place; called once or more by every case. When the store's database
    /// is not available, it may skip the test the way the test framework does (xunit's <c>Assert.Skip</c>).
    /// </param>
    public StoreConformanceContext(Func<CancellationToken, Task<IServiceFlowStore>> createStore)
    {
        ArgumentNullException.ThrowIfNull(createStore);
        _createStore = createStore;
    }

    /// <summary>
    /// Gets a way to create a second store instance over the same data as a store from the constructor's delegate, as a
    /// second process or node would have, for the cases that race two writers.
    /// </summary>
    /// <value>The default is null: the cases race on the same instance, which is right for in-process stores.</value>
    public Func<IServiceFlowStore, CancellationToken, Task<IServiceFlowStore>>? CreateStoreOnSameData { get; init; }

    /// <summary>
    /// Gets a way to damage the stored state of a flow (its store and order number) so that it can no longer be read,
    /// for example by writing text that is not a flow into the column that holds it, leaving whatever the store keeps
    /// for the timer sweep in place. It returns true when it damaged the flow, false when this store cannot.
    /// </summary>
    /// <value>The default is null: the case that needs it cannot run (see <see cref="Skip"/>).</value>
    public Func<IServiceFlowStore, string, CancellationToken, Task<bool>>? DamageFlowState { get; init; }

    /// <summary>
    /// Gets what a case that cannot run with this context calls, with the reason, to be reported as skipped: xunit's
    /// <c>Assert.Skip</c>, NUnit's <c>Assert.Ignore</c> or MSTest's <c>Assert.Inconclusive</c>.
    /// </summary>
    /// <value>The default is null: such a case fails with a <see cref="StoreConformanceException"/> that says what to set.</value>
    public Action<string>? Skip { get; init; }

    internal Task<IServiceFlowStore> CreateStoreAsync(CancellationToken cancellationToken) => _createStore(cancellationToken);

    internal Task<IServiceFlowStore> CreateStoreOnSameDataAsync(IServiceFlowStore store, CancellationToken cancellationToken) =>
        CreateStoreOnSameData is { } create ? create(store, cancellationToken) : Task.FromResult(store);

    internal async Task DamageFlowStateAsync(IServiceFlowStore store, string orderNumber, CancellationToken cancellationToken)
    {
        if (DamageFlowState is null || !await DamageFlowState(store, orderNumber, cancellationToken).ConfigureAwait(false))
        {
            CannotRun($"The case damages a stored flow, and this store's tests do not (set {nameof(StoreConformanceContext)}.{nameof(DamageFlowState)} to run it).");
        }
    }

    [DoesNotReturn]
    private void CannotRun(string reason)
    {
        Skip?.Invoke(reason);
        throw new StoreConformanceException(Skip is null
            ? reason + $" Set {nameof(StoreConformanceContext)}.{nameof(Skip)} to report such a case as skipped instead of failed."
            : reason + $" ({nameof(StoreConformanceContext)}.{nameof(Skip)} returned instead of throwing, so the case fails.)");
    }
}
