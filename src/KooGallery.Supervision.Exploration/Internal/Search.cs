namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>
/// The breadth-first search of <see cref="SupervisionExplorer.ExploreAsync"/>: from each state, every action step and
/// time step; every successor checked; new canonical states queued. The first violation of each invariant is kept,
/// which breadth first makes the shortest one found.
/// </summary>
internal sealed class Search(Settings settings) : IDisposable
{
    private readonly FlowLane _lane = new(settings);
    private readonly BuiltInInvariants _checks = new(settings);
    private readonly HashSet<StateKey> _seen = [];
    private readonly Queue<PathNode> _queue = new();
    private readonly HashSet<Stage> _stages = [];
    private readonly HashSet<Stage> _frozenStages = [];
    private readonly HashSet<AppealOutcome> _outcomes = [];
    private readonly List<ExplorationViolation> _violations = [];
    private readonly HashSet<string> _broken = new(StringComparer.Ordinal);
    private readonly List<Broken> _found = [];
    private long _transitions;
    private int _maxDepthReached;
    private bool _stoppedAtLimit;

    /// <summary>Disposes the search's lane.</summary>
    public void Dispose() => _lane.Dispose();

    public async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        await _lane.StartAsync(cancellationToken).ConfigureAwait(false);
        _checks.CheckState(_lane.View, _lane.AcceptedCommandIds, _found);
        Keep(PathNode.Root, next: null);
        _seen.Add(StateKey.Of(_lane.View, settings));
        _stages.Add(_lane.View.Stage);
        _queue.Enqueue(PathNode.Root);
        while (_queue.TryDequeue(out var node) && !_stoppedAtLimit)
        {
            if (node.Depth >= settings.MaxDepth)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await ExpandAsync(node, cancellationToken).ConfigureAwait(false);
        }
    }

    public ExplorationReport Report(TimeSpan elapsed) => new(
        _seen.Count,
        _transitions,
        settings.MaxDepth,
        _maxDepthReached,
        [.. _stages.Order()],
        [.. _frozenStages.Order()],
        [.. _outcomes.Order()],
        elapsed,
        _stoppedAtLimit,
        [.. _violations]);

    private async ValueTask ExpandAsync(PathNode node, CancellationToken cancellationToken)
    {
        var path = node.ToPath();
        await _lane.ReplayAsync(path, cancellationToken).ConfigureAwait(false);
        var before = _lane.View;
        var permitted = new Dictionary<ExplorerActor, SupervisionResult<IReadOnlyList<SupervisionAction>>>();
        var succeeded = new Dictionary<ExplorerActor, HashSet<SupervisionAction>>();
        foreach (var actor in settings.Actors)
        {
            permitted[actor] = await _lane.PermittedAsync(actor, cancellationToken).ConfigureAwait(false);
            succeeded[actor] = [];
        }

        var firstTries = new Dictionary<(ExplorerActor, SupervisionAction, bool), ExploredStep>();
        var dirty = false;
        foreach (var candidate in Candidates.ActionsFrom(before, settings))
        {
            if (dirty)
            {
                await _lane.ReplayAsync(path, cancellationToken).ConfigureAwait(false);
                dirty = false;
            }

            var step = await _lane.ExecuteAsync(candidate, _lane.NextCommandId(), cancellationToken).ConfigureAwait(false);
            firstTries.TryAdd((candidate.Actor, candidate.Action, step.Succeeded), step);
            if (!step.Succeeded)
            {
                BuiltInInvariants.CheckRefused(before, step, _found);
                if (!await _lane.StoredIsUnchangedAsync(cancellationToken).ConfigureAwait(false))
                {
                    _found.Add(new Broken(InvariantNames.RefusalsChangeNothing,
                        FormattableString.Invariant($"{candidate} was refused as {step.Error!.Code}, yet the stored flow changed.")));
                    dirty = true;
                }

                Keep(node, step);
                continue;
            }

            _transitions++;
            succeeded[candidate.Actor].Add(candidate.Action);
            if (candidate.Action == SupervisionAction.DecideAppeal)
            {
                _outcomes.Add(candidate.Outcome);
            }

            BuiltInInvariants.CheckAccepted(before, step, _found);
            _checks.CheckState(_lane.View, _lane.AcceptedCommandIds, _found);
            Keep(node, step);
            Discover(node, step);
            dirty = true;
        }

        foreach (var actor in settings.Actors)
        {
            if (BuiltInInvariants.ComparePermitted(actor, permitted[actor], succeeded[actor], out var culprit) is { } message)
            {
                // Show the try that disagrees with the list: a refusal of a permitted action, or a success of an unlisted one.
                ExploredStep? tried = null;
                if (culprit is { } action)
                {
                    tried = !succeeded[actor].Contains(action) && firstTries.TryGetValue((actor, action, false), out var refused)
                        ? refused
                        : firstTries.GetValueOrDefault((actor, action, true));
                }

                _found.Add(new Broken(InvariantNames.PermittedActionsSucceed, message));
                Keep(node, tried);
            }
        }

        foreach (var (timeStep, _) in Thresholds.StepsFrom(before, settings))
        {
            if (dirty)
            {
                await _lane.ReplayAsync(path, cancellationToken).ConfigureAwait(false);
            }

            var step = await _lane.ApplyAsync(timeStep, cancellationToken).ConfigureAwait(false);
            _transitions++;
            BuiltInInvariants.CheckTime(before, _lane.View, _found);
            _checks.CheckState(_lane.View, _lane.AcceptedCommandIds, _found);
            Keep(node, step);
            Discover(node, step);
            dirty = true;
        }
    }

    private void Discover(PathNode node, ExploredStep step)
    {
        var key = StateKey.Of(_lane.View, settings);
        if (_seen.Contains(key))
        {
            return;
        }

        if (_seen.Count >= settings.MaxStates)
        {
            _stoppedAtLimit = true;
            return;
        }

        _seen.Add(key);
        _stages.Add(_lane.View.Stage);
        if (_lane.View.Appeal is { } appeal)
        {
            _frozenStages.Add(appeal.FrozenStage);
        }

        _maxDepthReached = Math.Max(_maxDepthReached, node.Depth + 1);
        _queue.Enqueue(new PathNode(node, step, node.Depth + 1));
    }

    /// <summary>Keeps the first violation of each invariant found so far, with the path to <paramref name="next"/>.</summary>
    private void Keep(PathNode node, ExploredStep? next)
    {
        foreach (var broken in _found)
        {
            if (_broken.Add(broken.Invariant))
            {
                IReadOnlyList<ExploredStep> path = next is null ? node.ToPath() : node.ToPathThen(next);
                _violations.Add(new ExplorationViolation(broken.Invariant, broken.Message, path, settings));
            }
        }

        _found.Clear();
    }
}
