using System.Collections.ObjectModel;

namespace KooGallery.Supervision;

/// <summary>
/// Keeps flows in process memory: the default store, for tests, samples and single-process hosts
/// that can afford to lose everything on restart. Safe for concurrent use; every save is atomic
/// under one lock. Due timers are kept in an ordered index, so a sweep reads only due flows.
/// </summary>
public sealed class InMemoryServiceFlowStore : IServiceFlowStore
{
    private static readonly IComparer<(Instant Due, string OrderNumber)> DueOrder = Comparer<(Instant Due, string OrderNumber)>.Create(
        static (a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : string.CompareOrdinal(a.OrderNumber, b.OrderNumber));

    private readonly object _lock = new();
    private readonly Dictionary<string, Entry> _flows = new(StringComparer.Ordinal);
    // Command outcomes keyed by the command id alone: the runtime hashes a plain text key fastest (and falls back to
    // randomized hashing if keys ever collide a lot). Ids are scoped to their flow (R30), so an id that a second flow
    // also uses goes to a second table keyed by both; most stores never fill it.
    private readonly Dictionary<string, (string OrderNumber, PackedOutcome Outcome)> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string OrderNumber, string CommandId), PackedOutcome> _outcomesOfSharedIds = [];
    private readonly Dictionary<(string OrderNumber, string CommandId), string> _unusualFingerprints = [];
    private readonly SortedSet<(Instant Due, string OrderNumber)> _due = new(DueOrder);

    // Pending events by due key: never deferred ones under Instant.MinValue in the order saved, deferred
    // ones under their retry instant; a read walks the set from the start and stops at the first not due.
    private readonly SortedSet<(Instant Due, long Sequence)> _pendingOrder = [];
    private readonly Dictionary<long, SupervisionEvent> _pendingEvents = [];
    private readonly Dictionary<Guid, PendingEvent> _pendingEventIds = [];
    private long _eventSequence;

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

            if (entry is null)
            {
                entry = new Entry(flow);
                _flows.Add(flow.OrderNumber, entry);
            }
            else
            {
                if (entry.SweepAt is { } oldDue)
                {
                    _due.Remove((oldDue, flow.OrderNumber));
                }

                entry.Flow = flow;
            }

            // A saved change ends any parking: the flow is swept again at its own next timer.
            entry.SweepAt = flow.NextTimerDueAt;
            entry.TimerFailures = 0;
            if (flow.NextTimerDueAt is { } newDue)
            {
                _due.Add((newDue, flow.OrderNumber));
            }

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

            foreach (var supervisionEvent in change.Events)
            {
                var sequence = ++_eventSequence;
                _pendingEvents.Add(sequence, supervisionEvent);
                _pendingOrder.Add((Instant.MinValue, sequence));
                _pendingEventIds.Add(supervisionEvent.Id, new PendingEvent(sequence, Instant.MinValue, 0));
            }
        }

        return new(FlowSaveResult.Saved);
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
        var due = new List<string>();
        lock (_lock)
        {
            foreach (var (at, orderNumber) in _due)
            {
                if (at > now || due.Count >= maxCount)
                {
                    break;
                }

                due.Add(orderNumber);
            }
        }

        return new(due);
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

            var failures = ++entry.TimerFailures;
            if (entry.SweepAt is { } sweepAt)
            {
                _due.Remove((sweepAt, orderNumber));
                var retry = retryAt(failures);
                entry.SweepAt = retry;
                _due.Add((retry, orderNumber));
            }

            return new(failures);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        var events = new List<SupervisionEvent>();
        lock (_lock)
        {
            foreach (var (due, sequence) in _pendingOrder)
            {
                if (events.Count >= maxCount || due > now)
                {
                    break;
                }

                events.Add(_pendingEvents[sequence]);
            }
        }

        return new(events);
    }

    /// <inheritdoc />
    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retryAt);
        lock (_lock)
        {
            if (!_pendingEventIds.TryGetValue(eventId, out var pending))
            {
                return new(0);
            }

            var attempts = pending.FailedAttempts + 1;
            var retry = retryAt(attempts);
            _pendingOrder.Remove((pending.Due, pending.Sequence));
            _pendingOrder.Add((retry, pending.Sequence));
            _pendingEventIds[eventId] = new PendingEvent(pending.Sequence, retry, attempts);
            return new(attempts);
        }
    }

    /// <inheritdoc />
    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        lock (_lock)
        {
            foreach (var id in eventIds)
            {
                if (_pendingEventIds.Remove(id, out var pending))
                {
                    _pendingEvents.Remove(pending.Sequence);
                    _pendingOrder.Remove((pending.Due, pending.Sequence));
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private static readonly Comparison<ServiceFlow> PlacementOrder = static (a, b) =>
        a.PlacedAt != b.PlacedAt ? a.PlacedAt.CompareTo(b.PlacedAt) : string.CompareOrdinal(a.OrderNumber, b.OrderNumber);

    private static readonly Comparison<ServiceFlow> AppealQueueOrder = static (a, b) =>
        a.Appeal!.DecisionDueAt != b.Appeal!.DecisionDueAt ? a.Appeal.DecisionDueAt.CompareTo(b.Appeal.DecisionDueAt) : string.CompareOrdinal(a.OrderNumber, b.OrderNumber);

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
                ? flow.Appeal is not { } appeal ? -1 : appeal.DecisionDueAt != after.DecisionDueAt ? appeal.DecisionDueAt.CompareTo(after.DecisionDueAt!.Value) : string.CompareOrdinal(flow.OrderNumber, after.OrderNumber)
                : flow.PlacedAt != after.PlacedAt ? flow.PlacedAt.CompareTo(after.PlacedAt) : string.CompareOrdinal(flow.OrderNumber, after.OrderNumber);
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

    private readonly record struct PendingEvent(long Sequence, Instant Due, int FailedAttempts);

    private sealed class Entry(ServiceFlow flow)
    {
        public ServiceFlow Flow { get; set; } = flow;

        /// <summary>Gets or sets the key of the flow in the due index: its next timer, or its retry instant while parked.</summary>
        public Instant? SweepAt { get; set; }

        /// <summary>Gets or sets how many times in a row the flow's timers failed to apply.</summary>
        public int TimerFailures { get; set; }

        private OperationRecord[] _records = [];
        private int _count;

        /// <summary>
        /// A read-only view of the records appended so far. Later appends only write past its end or
        /// into a new array, so a view never changes once handed out.
        /// </summary>
        public IReadOnlyList<OperationRecord> Records =>
            _count == 0 ? [] : new ReadOnlyCollection<OperationRecord>(new ArraySegment<OperationRecord>(_records, 0, _count));

        /// <summary>
        /// Appends records: exactly sized up to eight records (an idle flow keeps no spare capacity), then
        /// doubling, so a flow with thousands of progress updates still appends in constant time.
        /// </summary>
        public void Append(IReadOnlyList<OperationRecord> records)
        {
            var needed = _count + records.Count;
            if (needed > _records.Length)
            {
                var larger = new OperationRecord[needed <= 8 ? needed : Math.Max(needed, _records.Length * 2)];
                Array.Copy(_records, larger, _count);
                _records = larger;
            }

            for (var i = 0; i < records.Count; i++)
            {
                _records[_count + i] = records[i];
            }

            _count = needed;
        }
    }
}
