using Xunit;

namespace KooGallery.Supervision.Testing.Xunit;

/// <summary>
/// The store conformance suite (<see cref="ServiceFlowStoreConformance.Cases"/>) as an xunit v3 test class: derive a
/// test class from this one, return a new, empty store of yours from <see cref="CreateStoreAsync"/>, and run it. Every
/// case runs as one test named after it; a store that passes them all is a correct store for KooGallery.Supervision.
/// </summary>
/// <remarks>
/// Each test asks for its own new store; none depends on another. A case that cannot run with this class's hooks (one
/// that damages a stored flow, when <see cref="DamageFlowStateAsync"/> is not overridden) is skipped, and a suite
/// without any case fails rather than passing with nothing run.
/// </remarks>
public abstract class ServiceFlowStoreConformanceTests
{
    /// <summary>Gets the name of every case, one test each (<see cref="ServiceFlowStoreConformance.Cases"/>).</summary>
    /// <value>One row per case, with the case's name as its label.</value>
    public static IEnumerable<TheoryDataRow<string>> CaseNames =>
        ServiceFlowStoreConformance.Cases.Select(c => new TheoryDataRow<string>(c.Name) { Label = c.Name });

    /// <summary>Runs one case of the suite against new stores from <see cref="CreateStoreAsync"/>.</summary>
    /// <param name="caseName">The <see cref="StoreConformanceCase.Name"/> of the case.</param>
    /// <returns>A task.</returns>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Conforms(string caseName)
    {
        var conformanceCase = ServiceFlowStoreConformance.Cases.SingleOrDefault(c => c.Name == caseName)
            ?? throw new InvalidOperationException($"The conformance suite has no case named {caseName}.");
        var context = new StoreConformanceContext(_ => CreateStoreAsync())
        {
            CreateStoreOnSameData = (store, _) => CreateStoreOnSameDataAsync(store),
            DamageFlowState = (store, orderNumber, _) => DamageFlowStateAsync(store, orderNumber),
            Skip = Assert.Skip,
        };

        await conformanceCase.RunAsync(context, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Fails when the suite has no case, so that a store's conformance tests cannot pass without running anything.
    /// </summary>
    [Fact]
    public void Suite_HasCases_EachNamedOnce()
    {
        Assert.NotEmpty(ServiceFlowStoreConformance.Cases);
        var repeated = ServiceFlowStoreConformance.Cases.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(repeated);
    }

    /// <summary>
    /// Creates a new, empty store, with its schema in place. When the store's database is not available on this
    /// machine, call xunit's <c>Assert.Skip</c> to skip the test rather than fail it.
    /// </summary>
    /// <returns>The store.</returns>
    protected abstract Task<IServiceFlowStore> CreateStoreAsync();

    /// <summary>
    /// Creates a second store instance over the same data as <paramref name="store"/>, as a second process or node
    /// would have, for the cases that race two writers. The default returns the same instance (right for in-process stores).
    /// </summary>
    /// <param name="store">A store from <see cref="CreateStoreAsync"/>.</param>
    /// <returns>The second instance.</returns>
    protected virtual Task<IServiceFlowStore> CreateStoreOnSameDataAsync(IServiceFlowStore store) => Task.FromResult(store);

    /// <summary>
    /// Damages the stored state of a flow so that it can no longer be read (for example writes text that is not a flow
    /// into the column that holds it), leaving whatever the store keeps for the timer sweep in place. Override it for a
    /// store that keeps flows as data that can be damaged; the default does nothing and returns false, and the case that
    /// needs it is skipped.
    /// </summary>
    /// <param name="store">A store from <see cref="CreateStoreAsync"/>.</param>
    /// <param name="orderNumber">The order number of the flow to damage.</param>
    /// <returns>True when the flow was damaged.</returns>
    protected virtual Task<bool> DamageFlowStateAsync(IServiceFlowStore store, string orderNumber) => Task.FromResult(false);
}
