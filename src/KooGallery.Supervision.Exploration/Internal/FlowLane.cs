using System.Globalization;
using NodaTime.Testing;

namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>
/// One explored flow: a supervisor over an in-memory store with a fake clock, driven only through the public API.
/// A state is reached by replaying its path from the flow's creation; after every step the flow is read as an
/// operations manager sees it (which also catches up any timer due at that instant).
/// </summary>
/// <remarks>Used by one exploration at a time; not thread-safe.</remarks>
internal sealed class FlowLane : IDisposable
{
    private readonly Settings _settings;
    private readonly FakeClock _clock;
    private readonly LaneStore _store = new();
    private readonly ServiceSupervisor _supervisor;
    private readonly List<string> _accepted = [];
    private long _commands;
    private FlowView? _view;

    public FlowLane(Settings settings)
    {
        _settings = settings;
        _clock = new FakeClock(settings.Start);
        var options = new ServiceSupervisionOptions();
        options.Policies.Add(settings.Policy);
        _supervisor = new ServiceSupervisor(_store, _clock, options);
    }

    /// <summary>Disposes the lane's supervisor (and the meter it owns).</summary>
    public void Dispose() => _supervisor.Dispose();

    /// <summary>Gets the operations manager's view after the last step (or the creation).</summary>
    public FlowView View => _view ?? throw new InvalidOperationException("The lane has not started.");

    /// <summary>Gets the ids of the commands accepted since the creation, in order.</summary>
    public IReadOnlyList<string> AcceptedCommandIds => _accepted;

    /// <summary>Gets the time since the flow's creation.</summary>
    public Duration Elapsed => _clock.GetCurrentInstant() - _settings.Start;

    /// <summary>A command id never used before in this lane.</summary>
    public string NextCommandId() => "c" + (++_commands).ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts again from an empty store: the clock at the start, the flow just created.</summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _store.Current = new InMemoryServiceFlowStore();
        _clock.Reset(_settings.Start);
        _accepted.Clear();
        var created = await _supervisor.CreateFlowAsync(Parties.Order(_settings), cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            throw new InvalidOperationException($"The explored flow could not be created: {created.Error!.Message}");
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replays a path from the creation: each command with its id at its instant, each time step to its instant.</summary>
    public async ValueTask ReplayAsync(IReadOnlyList<ExploredStep> path, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var step in path)
        {
            var replayed = step.Step switch
            {
                ActionStep action => await ExecuteAsync(action, step.CommandId!, cancellationToken).ConfigureAwait(false),
                _ => await AdvanceToAsync(step.Step, _settings.Start + step.At, cancellationToken).ConfigureAwait(false),
            };
            if (replayed.Succeeded != step.Succeeded || replayed.StageAfter != step.StageAfter || replayed.At != step.At)
            {
                throw new InvalidOperationException($"Replaying '{step}' gave '{replayed}': the library answered differently to the same calls at the same instants.");
            }
        }
    }

    /// <summary>Runs one step from the current state.</summary>
    public ValueTask<ExploredStep> ApplyAsync(ExplorationStep step, CancellationToken cancellationToken) => step switch
    {
        ActionStep action => ExecuteAsync(action, NextCommandId(), cancellationToken),
        TimeStep time => AdvanceToAsync(time, Thresholds.TargetOf(time, View.Stored, _settings.Policy, _clock.GetCurrentInstant()), cancellationToken),
        _ => throw new ArgumentException("Unknown kind of step.", nameof(step)),
    };

    /// <summary>Sends an action step's command; on success reads the flow again, on refusal leaves the view as it was.</summary>
    public async ValueTask<ExploredStep> ExecuteAsync(ActionStep step, string commandId, CancellationToken cancellationToken)
    {
        var at = Elapsed;
        var result = await _supervisor.ExecuteAsync(Parties.CommandOf(step, commandId), cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            _accepted.Add(commandId);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return new ExploredStep
        {
            Step = step,
            At = at,
            CommandId = commandId,
            Error = result.IsSuccess ? null : result.Error,
            StageAfter = View.Stage,
            FrozenAfter = View.IsFrozen,
        };
    }

    /// <summary>Whether the stored flow is still the one the view shows: same version, same last record.</summary>
    public async ValueTask<bool> StoredIsUnchangedAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.Current.LoadAsync(Parties.OrderNumber, cancellationToken).ConfigureAwait(false);
        return stored is not null && stored.Version == View.Stored.Version && stored.LastSequence == View.Stored.LastSequence;
    }

    /// <summary>Reads the flow again (after a refusal that changed it anyway).</summary>
    public ValueTask ReadAgainAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    /// <summary>The actions <paramref name="actor"/> may take now, as the library lists them, or its refusal to list them.</summary>
    public async ValueTask<SupervisionResult<IReadOnlyList<SupervisionAction>>> PermittedAsync(ExplorerActor actor, CancellationToken cancellationToken) =>
        await _supervisor.GetPermittedActionsAsync(Parties.OrderNumber, Parties.ActorOf(actor), cancellationToken).ConfigureAwait(false);

    private async ValueTask<ExploredStep> AdvanceToAsync(ExplorationStep step, Instant target, CancellationToken cancellationToken)
    {
        if (target > _clock.GetCurrentInstant())
        {
            _clock.Reset(target);
        }

        await _supervisor.ApplyDueTimersAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return new ExploredStep { Step = step, At = Elapsed, StageAfter = View.Stage, FrozenAfter = View.IsFrozen };
    }

    private async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        var view = await _supervisor.GetViewAsync(Parties.OrderNumber, Parties.Manager, cancellationToken).ConfigureAwait(false);
        _view = view.IsSuccess
            ? view.Value
            : throw new InvalidOperationException($"An operations manager could not read the explored flow: {view.Error!.Message}");

        // The view caught the flow up and saved it: the stored flow is the state the view shows.
        var stored = await _store.Current.LoadAsync(Parties.OrderNumber, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The explored flow is missing from its store after a read.");
        StoredFlows.Keep(_view, stored);
    }
}
