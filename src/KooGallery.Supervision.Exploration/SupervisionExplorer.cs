using System.Diagnostics;
using KooGallery.Supervision.Exploration.Internal;

namespace KooGallery.Supervision.Exploration;

/// <summary>
/// Explores every sequence of actions by every kind of actor (the buyer, the seller, an operations manager, a
/// stranger) and of time steps to each policy threshold, up to a bounded depth, on one flow of a policy, and checks
/// the workflow's invariants (<see cref="InvariantNames"/>, and your own) after every step. A violation comes back
/// with the shortest sequence of steps that shows it, which <see cref="ExplorationViolation.ToScenario"/> writes as a
/// scenario.
/// </summary>
/// <remarks>
/// <para>It drives a <see cref="ServiceSupervisor"/> over an <see cref="InMemoryServiceFlowStore"/> with a
/// NodaTime.Testing <c>FakeClock</c>, through the public API only: what it checks is what a host can do.</para>
/// <para>The search is breadth first. Each state is reached again by replaying its path from the flow's creation
/// (commands refused on the way change nothing, so they are all tried on one replay); states with the same canonical
/// key (stage, counts, appeal, whom the flow waits on, every timer relative to now) are merged. After each step the
/// flow is read as an operations manager sees it, which also applies a timer due at that very instant. Each command
/// carries a valid input, so a refusal means the action is not permitted now: the permitted actions of each actor
/// must be exactly the actions that succeed.</para>
/// <para>An explorer keeps only its settings; each call builds its own supervisor, so calls may run at the same time.</para>
/// </remarks>
/// <example>
/// <code>
/// var report = await new SupervisionExplorer(new ExplorationOptions { Policy = myPolicy, MaxDepth = 7 }).ExploreAsync();
/// foreach (var violation in report.Violations) Console.WriteLine(violation.ToScenario());
/// </code>
/// </example>
public sealed class SupervisionExplorer
{
    private readonly Settings _settings;

    /// <summary>Initializes an explorer; the options are checked and copied.</summary>
    /// <param name="options">What to explore; null for the defaults (the default policy to depth 6).</param>
    /// <exception cref="ArgumentException">An option is out of its range (see <see cref="ExplorationOptions.Validate"/>).</exception>
    public SupervisionExplorer(ExplorationOptions? options = null)
    {
        _settings = new Settings(options ?? new ExplorationOptions());
    }

    /// <summary>
    /// Explores breadth first to <see cref="ExplorationOptions.MaxDepth"/> steps, checking every invariant after every
    /// step, and reports what it explored and the first violation of each invariant with its shortest path.
    /// </summary>
    /// <param name="cancellationToken">Stops the exploration between states.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidOperationException">The library answered one replayed call differently than before.</exception>
    public async ValueTask<ExplorationReport> ExploreAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var search = new Search(_settings);
        await search.RunAsync(cancellationToken).ConfigureAwait(false);
        return search.Report(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Runs one given sequence of steps on a new flow (refused commands included) and checks the invariants after every
    /// step: for an action, that it succeeded exactly when it was among the actor's permitted actions just before. An
    /// action with an input that is not valid in that state (a ReturnTo naming no earlier stage than the frozen one, a
    /// Complete or Close resetting the counts) may be refused while permitted. Stops at the first violation.
    /// Meant for long random walks (property-based tests) beyond the explored depth.
    /// </summary>
    /// <param name="steps">The steps, in order.</param>
    /// <param name="cancellationToken">Stops the walk between steps.</param>
    /// <returns>The steps as they ran and the first violation, if any.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> is null.</exception>
    /// <exception cref="ArgumentException">A step is null, of another kind than <see cref="ActionStep"/> and <see cref="TimeStep"/>, or names an action of the system's timers.</exception>
    public async ValueTask<WalkReport> WalkAsync(IEnumerable<ExplorationStep> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        using var lane = new FlowLane(_settings);
        var checks = new BuiltInInvariants(_settings);
        var found = new List<Broken>();
        var ran = new List<ExploredStep>();
        await lane.StartAsync(cancellationToken).ConfigureAwait(false);
        checks.CheckState(lane.View, lane.AcceptedCommandIds, found);
        foreach (var step in steps)
        {
            if (found.Count > 0)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var before = lane.View;
            ExploredStep explored;
            switch (step)
            {
                case ActionStep action:
                    explored = await WalkActionAsync(lane, checks, before, action, found, cancellationToken).ConfigureAwait(false);
                    break;
                case TimeStep time:
                    explored = await lane.ApplyAsync(time, cancellationToken).ConfigureAwait(false);
                    BuiltInInvariants.CheckTime(before, lane.View, found);
                    checks.CheckState(lane.View, lane.AcceptedCommandIds, found);
                    break;
                default:
                    throw new ArgumentException("A step of the walk is null, or of a kind other than ActionStep and TimeStep.", nameof(steps));
            }

            ran.Add(explored);
        }

        var violation = found.Count == 0 ? null : new ExplorationViolation(found[0].Invariant, found[0].Message, ran, _settings);
        return new WalkReport(ran, violation);
    }

    private async ValueTask<ExploredStep> WalkActionAsync(FlowLane lane, BuiltInInvariants checks, FlowView before, ActionStep action, List<Broken> found, CancellationToken cancellationToken)
    {
        if (!Parties.IsCallerAction(action.Action))
        {
            throw new ArgumentException($"{action.Action} is an action of the system's timers; no caller sends it.", nameof(action));
        }

        var permitted = await lane.PermittedAsync(action.Actor, cancellationToken).ConfigureAwait(false);
        var explored = await lane.ExecuteAsync(action, lane.NextCommandId(), cancellationToken).ConfigureAwait(false);
        var listed = permitted.IsSuccess && permitted.Value.Contains(action.Action);
        if (!permitted.IsSuccess && !(action.Actor == ExplorerActor.Stranger && permitted.Error!.Code == SupervisionErrorCode.Forbidden))
        {
            found.Add(new Broken(InvariantNames.PermittedActionsSucceed,
                FormattableString.Invariant($"the {action.Actor}'s permitted actions could not be read: {permitted.Error!.Code}: {permitted.Error.Message}")));
        }

        if (explored.Succeeded)
        {
            BuiltInInvariants.CheckAccepted(before, explored, found);
            if (!listed)
            {
                found.Add(new Broken(InvariantNames.PermittedActionsSucceed,
                    FormattableString.Invariant($"{action} succeeded, but the {action.Actor}'s permitted actions were [{string.Join(", ", permitted.IsSuccess ? permitted.Value : [])}].")));
            }

            checks.CheckState(lane.View, lane.AcceptedCommandIds, found);
            return explored;
        }

        BuiltInInvariants.CheckRefused(before, explored, found);
        if (!await lane.StoredIsUnchangedAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(new Broken(InvariantNames.RefusalsChangeNothing, FormattableString.Invariant($"{action} was refused as {explored.Error!.Code}, yet the stored flow changed.")));
            await lane.ReadAgainAsync(cancellationToken).ConfigureAwait(false);
        }

        // A refusal tells whether the action is permitted only when the input was valid: the invariant is about actions.
        if (listed && Parties.IsValidInput(action, before, _settings.HasRequestStep))
        {
            found.Add(new Broken(InvariantNames.PermittedActionsSucceed,
                FormattableString.Invariant($"{action.Action} was among the {action.Actor}'s permitted actions, but {action} was refused as {explored.Error!.Code}: {explored.Error.Message}")));
        }

        return explored;
    }
}
