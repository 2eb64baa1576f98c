using KooGallery.Supervision.Scenarios.Running;

namespace KooGallery.Supervision.Scenarios;

/// <summary>
/// Plays scenarios on a <see cref="ServiceSupervisor"/> over a fresh <see cref="InMemoryServiceFlowStore"/> (or a store of yours)
/// with a NodaTime <c>FakeClock</c>, through the library's public API only, and reports the first step whose
/// expectations do not hold, with its file and line.
/// </summary>
/// <remarks>
/// <para>Each step sets the clock to its time (back, too, when a file says so), takes its action, then checks
/// what the file expects: the success or refusal first (a step that says neither must succeed), then the
/// rest in file order. The flow is read as an operations manager sees it; reads catch up due timers as any
/// read does, and the events they raise count as raised by the step.</para>
/// <para>Thread-safe: every run has its own supervisor, store and clock.</para>
/// </remarks>
public sealed class ScenarioRunner
{
    private readonly Func<IServiceFlowStore> _createStore;

    /// <summary>Initializes a runner that plays every scenario on a fresh in-memory store.</summary>
    public ScenarioRunner()
        : this(static () => new InMemoryServiceFlowStore())
    {
    }

    /// <summary>
    /// Initializes a runner that plays every scenario on a store of your own, so that the library of scenarios
    /// checks a durable store too. Each run calls <paramref name="createStore"/> once and needs the store empty;
    /// a store that is an <see cref="ISupervisionSchema"/> gets its schema ensured first, and the runner disposes
    /// the store after the run when it is disposable.
    /// </summary>
    /// <param name="createStore">Creates a fresh, empty store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="createStore"/> is null.</exception>
    public ScenarioRunner(Func<IServiceFlowStore> createStore)
    {
        ArgumentNullException.ThrowIfNull(createStore);
        _createStore = createStore;
    }

    /// <summary>Plays a scenario.</summary>
    /// <param name="scenario">The scenario, from <see cref="ScenarioReader"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Passed, or the first failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
    public Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return ScenarioRun.RunAsync(scenario, _createStore, cancellationToken);
    }

    /// <summary>Reads and plays a scenario file; a file that cannot be read is a failure at its line (key <c>format</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Passed, or the first failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public async Task<ScenarioResult> RunFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        Scenario scenario;
        try
        {
            scenario = await ScenarioReader.ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ScenarioFormatException exception)
        {
            return ScenarioResult.Unreadable(path, exception);
        }

        return await ScenarioRun.RunAsync(scenario, _createStore, cancellationToken).ConfigureAwait(false);
    }
}
