namespace KooGallery.Supervision;

/// <summary>
/// The in-memory store's pending events: those never deferred in the order saved, then the deferred ones by their retry
/// instant. The never-deferred ones wait in a queue rather than an ordered index: a delivered or deferred event leaves
/// its place there, and places that no longer hold an event are dropped from the front as soon as they reach it. So
/// the queue holds the never-deferred pending events, and the places of events delivered behind the oldest of them
/// until it is delivered or deferred (which inline dispatch does at once, so the queue stays short). Not safe for
/// concurrent use: the store calls it under its lock.
/// </summary>
internal sealed class InMemoryOutbox
{
    private readonly Queue<(long Sequence, Guid Id)> _fresh = new();
    private readonly SortedSet<(Instant Due, long Sequence, Guid Id)> _deferred = [];
    private readonly Dictionary<Guid, PendingEvent> _pending = [];
    private long _sequence;
    private bool _queueGrew;

    /// <summary>Whether an event with <paramref name="id"/> is pending (saved and not yet delivered).</summary>
    public bool IsPending(Guid id) => _pending.ContainsKey(id);

    /// <summary>Adds a saved event, pending.</summary>
    public void Add(SupervisionEvent supervisionEvent)
    {
        var sequence = ++_sequence;
        _pending.Add(supervisionEvent.Id, new PendingEvent(supervisionEvent, sequence, default, 0));
        _fresh.Enqueue((sequence, supervisionEvent.Id));
        _queueGrew |= _fresh.Count > 1_024;
    }

    /// <summary>Up to <paramref name="maxCount"/> pending events due at <paramref name="now"/>: the never-deferred first, in the order saved.</summary>
    public List<SupervisionEvent> Read(Instant now, int maxCount)
    {
        var events = new List<SupervisionEvent>();
        foreach (var place in _fresh)
        {
            if (events.Count >= maxCount)
            {
                return events;
            }

            if (IsFresh(place, out var pending))
            {
                events.Add(pending.Event);
            }
        }

        foreach (var (due, _, id) in _deferred)
        {
            if (events.Count >= maxCount || due > now)
            {
                break;
            }

            events.Add(_pending[id].Event);
        }

        return events;
    }

    /// <summary>Defers a pending event to the instant <paramref name="retryAt"/> gives for its failed attempts; returns them, or 0 when it is not pending.</summary>
    public int Defer(Guid eventId, Func<int, Instant> retryAt)
    {
        if (!_pending.TryGetValue(eventId, out var pending))
        {
            return 0;
        }

        var attempts = checked(pending.FailedAttempts + 1);
        var retry = retryAt(attempts);
        if (pending.WasDeferred)
        {
            _deferred.Remove((pending.RetryAt, pending.Sequence, eventId));
        }

        _deferred.Add((retry, pending.Sequence, eventId));
        _pending[eventId] = pending with { RetryAt = retry, FailedAttempts = attempts };
        DropDone();
        return attempts;
    }

    /// <summary>Removes delivered events; ids not pending are passed over.</summary>
    public void MarkDelivered(IReadOnlyCollection<Guid> eventIds)
    {
        foreach (var id in eventIds is Guid[] array ? array.AsSpan() : [.. eventIds])
        {
            if (_pending.Remove(id, out var pending) && pending.WasDeferred)
            {
                _deferred.Remove((pending.RetryAt, pending.Sequence, id));
            }
        }

        DropDone();
    }

    /// <summary>
    /// Whether the queue's <paramref name="place"/> still holds a never-deferred pending event: the sequence is checked
    /// too, so a place left by a delivered event never stands for a later event that came with the same id.
    /// </summary>
    private bool IsFresh((long Sequence, Guid Id) place, out PendingEvent pending) =>
        _pending.TryGetValue(place.Id, out pending) && pending.Sequence == place.Sequence && !pending.WasDeferred;

    /// <summary>Drops the front places of the queue that no longer hold a never-deferred pending event.</summary>
    private void DropDone()
    {
        while (_fresh.TryPeek(out var place) && !IsFresh(place, out _))
        {
            _fresh.Dequeue();
        }

        // A queue that grew (a sweep's many events at once) gives its room back once empty, as the events' own entries go.
        if (_queueGrew && _fresh.Count == 0)
        {
            _fresh.TrimExcess();
            _queueGrew = false;
        }
    }

    /// <summary>
    /// A pending event: the event, the sequence it was saved under (which orders deferred events due at the same
    /// instant), its retry instant once deferred, and its failed attempts (none before it is deferred).
    /// </summary>
    private readonly record struct PendingEvent(SupervisionEvent Event, long Sequence, Instant RetryAt, int FailedAttempts)
    {
        /// <summary>Gets whether the event was deferred: then it waits in the ordered set under <see cref="RetryAt"/>, whatever instant that is.</summary>
        public bool WasDeferred => FailedAttempts > 0;
    }
}
