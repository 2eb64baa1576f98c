namespace KooGallery.Supervision.Tests.Support;

/// <summary>
/// An in-memory store whose calls a test can disturb one by one (a hook replaces or precedes a call) and counts; it
/// ignores cancellation tokens, as a store that does not observe them would, so that what the engine does with a
/// cancelled token is what a test sees.
/// </summary>
public sealed class HookedStore() : DelegatingStore(new InMemoryServiceFlowStore())
{
    private int _loads;
    private int _findDueCalls;
    private int _parkCalls;
    private int _deferCalls;
    private int _markCalls;

    /// <summary>Runs before each load; may throw, as a failing store or a damaged row would.</summary>
    public Action<string>? BeforeLoad { get; set; }

    /// <summary>Replaces the list of due flows the store finds.</summary>
    public Func<IReadOnlyList<string>>? Due { get; set; }

    /// <summary>Runs after each save, with its result.</summary>
    public Action<FlowSaveResult>? AfterSave { get; set; }

    /// <summary>Replaces every save's result with a lost race.</summary>
    public bool AlwaysLoseRaces { get; set; }

    /// <summary>Replaces the parking of a flow: returns the failures in a row it recorded, or throws.</summary>
    public Func<string, int>? Park { get; set; }

    /// <summary>Runs before each deferral of an event; may throw.</summary>
    public Action? BeforeDefer { get; set; }

    /// <summary>Replaces each deferral of an event: returns the failures in a row it recorded (0: the event was not there).</summary>
    public Func<int>? Defer { get; set; }

    /// <summary>Runs before the events are marked delivered; may throw.</summary>
    public Action? BeforeMarkDelivered { get; set; }

    /// <summary>Runs before each read of pending events, with the instant it reads at; may throw.</summary>
    public Action<Instant>? BeforePendingRead { get; set; }

    public int Loads => _loads;

    public int FindDueCalls => _findDueCalls;

    public int ParkCalls => _parkCalls;

    public int DeferCalls => _deferCalls;

    public int MarkDeliveredCalls => _markCalls;

    /// <summary>The largest number of events each read of pending events at a finite instant asked for, in order.</summary>
    public List<int> PendingReadSizes { get; } = [];

    public override ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loads);
        BeforeLoad?.Invoke(orderNumber);
        return base.LoadAsync(orderNumber, CancellationToken.None);
    }

    public override ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _findDueCalls) > 20)
        {
            throw new InvalidOperationException("The sweep keeps asking for due flows.");
        }

        return Due is { } due ? ValueTask.FromResult(due()) : base.FindDueAsync(now, maxCount, CancellationToken.None);
    }

    public override async ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
    {
        var result = AlwaysLoseRaces ? FlowSaveResult.VersionConflict : await base.SaveAsync(change, CancellationToken.None);
        AfterSave?.Invoke(result);
        return result;
    }

    public override ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _parkCalls);
        return Park is { } park ? ValueTask.FromResult(park(orderNumber)) : base.ParkTimersAsync(orderNumber, retryAt, CancellationToken.None);
    }

    public override ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        BeforePendingRead?.Invoke(now);
        if (now != Instant.MaxValue)
        {
            lock (PendingReadSizes)
            {
                PendingReadSizes.Add(maxCount);
            }
        }

        return base.ReadPendingEventsAsync(now, maxCount, CancellationToken.None);
    }

    public override ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deferCalls);
        BeforeDefer?.Invoke();
        return Defer is { } defer ? ValueTask.FromResult(defer()) : base.DeferEventAsync(eventId, retryAt, CancellationToken.None);
    }

    public override ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _markCalls);
        BeforeMarkDelivered?.Invoke();
        return base.MarkEventsDeliveredAsync(eventIds, CancellationToken.None);
    }
}
