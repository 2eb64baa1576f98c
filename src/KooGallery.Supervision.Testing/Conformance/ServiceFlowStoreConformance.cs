namespace KooGallery.Supervision.Testing;

/// <summary>
/// The store conformance suite: the behaviour every <see cref="IServiceFlowStore"/> must have, as cases that run in any
/// test framework. Run each of <see cref="Cases"/> as one test, giving it a <see cref="StoreConformanceContext"/> that
/// creates new, empty stores of yours; a store that passes every case is a correct store for KooGallery.Supervision.
/// With xunit v3, derive from <c>ServiceFlowStoreConformanceTests</c> of the KooGallery.Supervision.Testing.Xunit package instead.
/// </summary>
/// <remarks>
/// The cases use only the public API of KooGallery.Supervision: supervisors over the store, and raw
/// <see cref="FlowChange"/> saves whose flow states are made through <see cref="SupervisionStorageFormat"/>.
/// Each case asks for its own new store and none depends on another, so they may run in any order or in parallel.
/// </remarks>
public static class ServiceFlowStoreConformance
{
    /// <summary>Gets every case of the suite, in a stable order; never empty, each name unique.</summary>
    public static IReadOnlyList<StoreConformanceCase> Cases { get; } =
    [
        .. SavingCases.All,
        .. OutboxCases.All,
        .. TimerCases.All,
        .. SearchCases.All,
        .. EngineCases.All,
    ];
}
