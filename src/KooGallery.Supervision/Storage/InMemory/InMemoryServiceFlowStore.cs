namespace KooGallery.Supervision;

/// <summary>
/// Keeps flows in process memory: the default store, for tests, samples and single-process hosts
/// that can afford to lose everything on restart. Safe for concurrent use; every save is atomic
/// under one lock. Due timers are kept in an ordered index, so a sweep reads the due flows (and, on its way, moves the
/// key of a flow whose timer moved later), not every flow.
/// </summary>
public sealed class InMemoryServiceFlowStore : IServiceFlowStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, InMemoryFlowEntry> _flows = new(StringComparer.Ordinal);
    // Command outcomes keyed by the command id alone: the runtime hashes a plain text key fastest (and falls back to
    // randomized hashing if keys ever collide a lot). Ids are scoped to their flow (R30), so an id that a second flow
    // also uses goes to a second table keyed by both; most stores never fill it.
    private readonly Dictionary<string, (string OrderNumber, PackedOutcome Outcome)> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string OrderNumber, string CommandId), PackedOutcome> _outcomesOfSharedIds = [];
    private readonly Dictionary<(string OrderNumber, string CommandId), string> _unusualFingerprints = [];
    private readonly InMemoryDueIndex _due = new();

    // Pending events: the never-deferred ones in the order saved, then the deferred ones by retry instant.
    private readonly InMemoryOutbox _outbox = new();

    /// <summary>Gets the number of flows kept.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _flows.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        lock (_lock)
        {
            return new(_flows.TryGetValue(orderNumber, out var entry) ? entry.Flow : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        lock (_lock)
        {
            return new(_flows.TryGetValue(orderNumber, out var entry) ? entry.Records : []);
        }
    }

    /// <inheritdoc />
    public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(commandId);
        lock (_lock)
        {
            return new(FindOutcome(orderNumber, commandId));
        }
    }

    /// <inheritdoc />
    /// <remarks>Reads both under one lock, so from one state of the store.</remarks>
    public ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> LoadForCommandAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(commandId);
        lock (_lock)
        {
            return new(_flows.TryGetValue(orderNumber, out var entry) ? (entry.Flow, FindOutcome(orderNumber, commandId)) : (null, null));
        }
    }

    /// <inheritdoc />
    public ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var flow = change.Flow;
        lock (_lock)
        {
            _flows.TryGetValue(flow.OrderNumber, out var entry);
            var storedVersion = entry?.Flow.Version ?? 0;
            if (storedVersion != change.ExpectedVersion)
            {
                return new(FlowSaveResult.VersionConflict);
            }

            if (change.Outcome is { } outcome && TryFindOutcome(flow.OrderNumber, outcome.CommandId, out _))
            {
                return new(FlowSaveResult.CommandIdTaken);
            }

            // Refused before anything is written, as a database refuses the same rows by its keys: all or nothing. The
            // change checked its lists when it was made; they are checked again here, since their owner may have
            // changed them since.
            var lastSequence = entry?.LastRecordSequence ?? 0;
            for (var i = 0; i < change.Records.Count; i++)
            {
                if (change.Records[i].Sequence <= lastSequence)
                {
                    throw new SupervisionStoreException($"Order {flow.OrderNumber} already has a record with sequence {change.Records[i].Sequence}, or the change repeats one; records are only ever appended (R26). Nothing was saved.");
                }

                lastSequence = change.Records[i].Sequence;
            }

            for (var i = 0; i < change.Events.Count; i++)
            {
                var id = change.Events[i].Id;
                if (_outbox.IsPending(id) || HasEarlier(change.Events, i, id))
                {
                    throw new SupervisionStoreException($"An event with the id {id} is already pending, or the change repeats it; each event has an id of its own. Nothing was saved.");
                }
            }

            if (entry is null)
            {
                entry = new InMemoryFlowEntry(flow);
                _flows.Add(flow.OrderNumber, entry);
            }
            else
            {
                entry.Flow = flow;
            }

            // A saved change ends any parking: the flow is swept again at its own next timer.
            _due.Saved(entry);

            entry.Append(change.Records);
            if (change.Outcome is { } saved)
            {
                var stored = new PackedOutcome(saved, out var compact);
                if (!_outcomes.TryAdd(saved.CommandId, (flow.OrderNumber, stored)))
                {
                    _outcomesOfSharedIds.Add((flow.OrderNumber, saved.CommandId), stored);
                }

                if (!compact)
                {
                    _unusualFingerprints.Add((flow.OrderNumber, saved.CommandId), saved.Fingerprint);
                }
            }

            // Indexed, not enumerated: no enumerator to allocate.
            for (var i = 0; i < change.Events.Count; i++)
            {
                _outbox.Add(change.Events[i]);
            }
        }

        return new(FlowSaveResult.Saved);
    }

    private static bool HasEarlier(IReadOnlyList<SupervisionEvent> events, int index, Guid id)
    {
        for (var j = 0; j < index; j++)
        {
            if (events[j].Id == id)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matches = new List<ServiceFlow>();
        lock (_lock)
        {
            foreach (var entry in _flows.Values)
            {
                if (Matches(entry.Flow, query, now))
                {
                    matches.Add(entry.Flow);
                }
            }
        }

        var appealQueue = IsAppealQueue(query);
        matches.Sort(appealQueue ? AppealQueueOrder : PlacementOrder);
        var items = new List<FlowSummary>(Math.Min(query.PageSize, matches.Count));
        foreach (var flow in matches)
        {
            if (items.Count == query.PageSize)
            {
                var last = items[^1];
                return new(new FlowPage(items, new FlowCursor(last.PlacedAt, last.OrderNumber) { DecisionDueAt = appealQueue ? last.DecisionDueAt : null }));
            }

            items.Add(FlowSummary.Of(flow, now));
        }

        return new(new FlowPage(items, null));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return new(_due.FindDue(_flows, now, maxCount));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(retryAt);
        lock (_lock)
        {
            if (!_flows.TryGetValue(orderNumber, out var entry))
            {
                return new(0);
            }

            if (entry.SweepAt is null)
            {
                return new(entry.TimerFailures = checked(entry.TimerFailures + 1));
            }

            // The retry first: if it throws, nothing is counted and the flow stays as it was.
            var failures = checked(entry.TimerFailures + 1);
            var retry = retryAt(failures);
            entry.TimerFailures = failures;
            _due.Park(entry, retry);
            return new(failures);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return new(_outbox.Read(now, maxCount));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retryAt);
        lock (_lock)
        {
            return new(_outbox.Defer(eventId, retryAt));
        }
    }

    /// <inheritdoc />
    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        lock (_lock)
        {
            _outbox.MarkDelivered(eventIds);
        }

        return ValueTask.CompletedTask;
    }

    private static readonly Comparison<ServiceFlow> PlacementOrder = static (a, b) =>
        a.PlacedAt != b.PlacedAt ? a.PlacedAt.CompareTo(b.PlacedAt) : Internal.CodePointOrder.Compare(a.OrderNumber, b.OrderNumber);

    private static readonly Comparison<ServiceFlow> AppealQueueOrder = static (a, b) =>
        a.Appeal!.DecisionDueAt != b.Appeal!.DecisionDueAt ? a.Appeal.DecisionDueAt.CompareTo(b.Appeal.DecisionDueAt) : Internal.CodePointOrder.Compare(a.OrderNumber, b.OrderNumber);

    /// <summary>The outcome saved under a flow's command id, if any; call under the lock.</summary>
    private CommandOutcome? FindOutcome(string orderNumber, string commandId) =>
        TryFindOutcome(orderNumber, commandId, out var stored)
            ? stored.ToOutcome(orderNumber, commandId, _unusualFingerprints.Count == 0 ? null : _unusualFingerprints.GetValueOrDefault((orderNumber, commandId)))
            : null;

    private bool TryFindOutcome(string orderNumber, string commandId, out PackedOutcome stored)
    {
        if (_outcomes.TryGetValue(commandId, out var first) && string.Equals(first.OrderNumber, orderNumber, StringComparison.Ordinal))
        {
            stored = first.Outcome;
            return true;
        }

        stored = default;
        return _outcomesOfSharedIds.Count > 0 && _outcomesOfSharedIds.TryGetValue((orderNumber, commandId), out stored);
    }

    private static bool IsAppealQueue(FlowQuery query) => query.WaitingOn is { Role: ActorRole.OperationsManager };

    private static bool Matches(ServiceFlow flow, FlowQuery query, Instant now)
    {
        if (query.After is { } after)
        {
            var order = IsAppealQueue(query)
                ? flow.Appeal is not { } appeal ? -1 : appeal.DecisionDueAt != after.DecisionDueAt ? appeal.DecisionDueAt.CompareTo(after.DecisionDueAt!.Value) : Internal.CodePointOrder.Compare(flow.OrderNumber, after.OrderNumber)
                : flow.PlacedAt != after.PlacedAt ? flow.PlacedAt.CompareTo(after.PlacedAt) : Internal.CodePointOrder.Compare(flow.OrderNumber, after.OrderNumber);
            if (order <= 0)
            {
                return false;
            }
        }

        return (query.BuyerId is null || flow.BuyerId == query.BuyerId)
            && (query.SellerId is null || flow.SellerId == query.SellerId)
            && (query.ProductId is null || flow.ProductId == query.ProductId)
            && (query.Stage is null || flow.Stage == query.Stage)
            && (query.Status is null || flow.Status == query.Status)
            && (query.PlacedFrom is null || flow.PlacedAt >= query.PlacedFrom)
            && (query.PlacedBefore is null || flow.PlacedAt < query.PlacedBefore)
            && (query.Stalled is null || flow.IsStalledAt(now) == query.Stalled)
            && (query.UnderAppeal is null || flow.IsFrozen == query.UnderAppeal)
            && (query.WaitingOn is null || IsWaitingOn(flow, query.WaitingOn));
    }

    private static bool IsWaitingOn(ServiceFlow flow, Actor actor) => actor.Role switch
    {
        ActorRole.Buyer => flow.WaitingOn == Party.Buyer && flow.BuyerId == actor.Id && !flow.IsFrozen,
        ActorRole.Seller => flow.WaitingOn == Party.Seller && flow.SellerId == actor.Id && !flow.IsFrozen,
        ActorRole.OperationsManager => flow.IsFrozen,
        _ => false,
    };
}
