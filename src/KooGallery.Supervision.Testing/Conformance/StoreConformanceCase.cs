namespace KooGallery.Supervision.Testing;

/// <summary>
/// One case of the store conformance suite (<see cref="ServiceFlowStoreConformance.Cases"/>): one behaviour that every
/// <see cref="IServiceFlowStore"/> must have, checked against new stores made by a <see cref="StoreConformanceContext"/>.
/// Run it as one test in any test framework: it passes by returning, and fails by throwing, with a
/// <see cref="StoreConformanceException"/> when the store behaves wrongly.
/// </summary>
/// <remarks>Immutable and thread-safe; every run asks the context for stores of its own, so cases can run in parallel.</remarks>
public sealed class StoreConformanceCase
{
    private readonly Func<StoreConformanceContext, CancellationToken, Task> _run;

    internal StoreConformanceCase(string name, string description, Func<StoreConformanceContext, CancellationToken, Task> run)
    {
        Name = name;
        Description = description;
        _run = run;
    }

    /// <summary>A case that runs on a new <see cref="ConformanceSetup"/>, disposed when the case ends.</summary>
    internal StoreConformanceCase(string name, string description, Func<ConformanceSetup, CancellationToken, Task> run, bool withHandler = true)
        : this(name, description, async (context, cancellationToken) =>
        {
            using var setup = await ConformanceSetup.CreateAsync(context, cancellationToken, withHandler);
            await run(setup, cancellationToken);
        })
    {
    }

    /// <summary>Gets the case's name, unique in the suite and stable across versions, in the form <c>Member_Scenario_Expectation</c>.</summary>
    public string Name { get; }

    /// <summary>Gets what the case checks, in one or two sentences.</summary>
    public string Description { get; }

    /// <summary>Runs the case against the stores <paramref name="context"/> makes.</summary>
    /// <param name="context">Makes the stores the case uses.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when the case passed.</returns>
    /// <exception cref="StoreConformanceException">The store does not behave as the case requires.</exception>
    public Task RunAsync(StoreConformanceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _run(context, cancellationToken);
    }

    /// <summary>Returns <see cref="Name"/>, which test frameworks show as the test's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
