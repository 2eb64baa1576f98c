namespace KooGallery.Supervision;

/// <summary>
/// The in-memory store's due index: the flows in the order the sweep should look at them, so that a sweep reads only
/// due flows. It keeps one key per flow, never later than the flow's own instant (<see cref="InMemoryFlowEntry.SweepAt"/>),
/// and a save moves the key only when that instant comes earlier than it, or takes it out when the flow has no timer
/// left. An instant that moves later (the idle clock that every progress update restarts, R16) leaves the key where it
/// was; <see cref="FindDue"/> moves it when it comes due. So a command does not take its flow out of the ordered index and put it back each time, and the index keeps no
/// more per flow than its key. Not safe for concurrent use: the store calls it under its lock.
/// </summary>
internal sealed class InMemoryDueIndex
{
    private static readonly IComparer<(Instant Due, string OrderNumber)> DueOrder = Comparer<(Instant Due, string OrderNumber)>.Create(
        static (a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : string.CompareOrdinal(a.OrderNumber, b.OrderNumber));

    private readonly SortedSet<(Instant Due, string OrderNumber)> _keys = new(DueOrder);

    /// <summary>After a save of the flow of <paramref name="entry"/>: it is no longer parked, and due at its next timer.</summary>
    public void Saved(InMemoryFlowEntry entry)
    {
        entry.TimerFailures = 0;
        if (entry.Flow.NextTimerDueAt is not { } due)
        {
            // No timer left (a final flow): the key goes now, once in the flow's life, rather than in a later sweep.
            if (entry.IndexedAt is { } indexed)
            {
                _keys.Remove((indexed, entry.Flow.OrderNumber));
                entry.IndexedAt = null;
            }
        }
        else if (entry.IndexedAt is not { } indexed || due < indexed)
        {
            Move(entry, due);
        }
    }

    /// <summary>Parks the flow of <paramref name="entry"/> until <paramref name="retryAt"/>, exactly (its failures are counted already).</summary>
    public void Park(InMemoryFlowEntry entry, Instant retryAt) => Move(entry, retryAt);

    /// <summary>The order numbers of up to <paramref name="maxCount"/> flows due at <paramref name="now"/>, the earliest first.</summary>
    public List<string> FindDue(Dictionary<string, InMemoryFlowEntry> flows, Instant now, int maxCount)
    {
        var due = new List<string>();
        while (true)
        {
            due.Clear();
            List<(Instant Due, string OrderNumber)>? moved = null;
            foreach (var (at, orderNumber) in _keys)
            {
                if (at > now || due.Count >= maxCount)
                {
                    break;
                }

                if (flows[orderNumber].SweepAt == at)
                {
                    due.Add(orderNumber);
                }
                else
                {
                    (moved ??= []).Add((at, orderNumber));
                }
            }

            if (moved is null)
            {
                return due;
            }

            // Keys whose flow's instant moved later (or went) since they were set: each moves to the flow's own instant
            // (where it is read again, in order, if due) or goes with the timer.
            foreach (var (_, orderNumber) in moved)
            {
                var entry = flows[orderNumber];
                if (entry.SweepAt is { } sweepAt)
                {
                    Move(entry, sweepAt);
                }
                else
                {
                    _keys.Remove((entry.IndexedAt!.Value, orderNumber));
                    entry.IndexedAt = null;
                }
            }
        }
    }

    private void Move(InMemoryFlowEntry entry, Instant to)
    {
        var orderNumber = entry.Flow.OrderNumber;
        if (entry.IndexedAt is { } from)
        {
            _keys.Remove((from, orderNumber));
        }

        _keys.Add((to, orderNumber));
        entry.IndexedAt = to;
    }
}
