namespace KooGallery.Supervision;

/// <summary>
/// The in-memory store's due index: the flows in the order the sweep should look at them, so that a sweep reads only
/// due flows. A flow's earliest key is never later than the flow's own instant (<see cref="InMemoryFlowEntry.SweepAt"/>),
/// and a save adds a key only when that instant comes earlier than it. An instant that moves later (the idle clock that
/// every progress update restarts, R16) leaves the key where it was; <see cref="FindDue"/> moves it when it comes due, and
/// drops the later keys an earlier instant left behind. So a command does not take its flow out of the ordered index and
/// put it back each time. Not safe for concurrent use: the store calls it under its lock.
/// </summary>
internal sealed class InMemoryDueIndex
{
    private static readonly IComparer<(Instant Due, string OrderNumber)> DueOrder = Comparer<(Instant Due, string OrderNumber)>.Create(
        static (a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : string.CompareOrdinal(a.OrderNumber, b.OrderNumber));

    private readonly SortedSet<(Instant Due, string OrderNumber)> _keys = new(DueOrder);

    /// <summary>Sets when the sweep next looks at the flow of <paramref name="entry"/>: its next timer or its retry instant, or never (null).</summary>
    public void SweepAt(InMemoryFlowEntry entry, Instant? at)
    {
        entry.SweepAt = at;
        if (at is { } due && (entry.IndexedAt is not { } indexed || due < indexed))
        {
            // The later key stays until it comes due: FindDue then finds it is no longer the flow's and drops it.
            _keys.Add((due, entry.Flow.OrderNumber));
            entry.IndexedAt = due;
        }
    }

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

            // Keys that are no longer their flow's instant. The flow's earliest key moves to the flow's own instant (where
            // it is read again, in order, if due) or goes with the timer; a later one, left when the instant came earlier, goes.
            foreach (var key in moved)
            {
                _keys.Remove(key);
                var entry = flows[key.OrderNumber];
                if (entry.IndexedAt != key.Due)
                {
                    continue;
                }

                entry.IndexedAt = null;
                if (entry.SweepAt is { } sweepAt)
                {
                    _keys.Add((sweepAt, key.OrderNumber));
                    entry.IndexedAt = sweepAt;
                }
            }
        }
    }
}
