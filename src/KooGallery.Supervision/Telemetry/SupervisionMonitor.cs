using System.Collections.Concurrent;

namespace KooGallery.Supervision;

/// <summary>
/// What one supervisor has seen of its own operation, for its gauges, its status and health checks: when it was
/// built, the instant of its last completed sweep, the flows its sweeps parked and not saved since, and the last
/// status read from the store. Thread-safe; every member is cheap.
/// </summary>
internal sealed class SupervisionMonitor(Instant startedAt)
{
    private readonly ConcurrentDictionary<string, byte> _parked = new(System.StringComparer.Ordinal);
    private readonly object _lock = new();
    private Instant? _lastSweepAt;
    private SupervisionStatus? _lastStatus;

    /// <summary>Gets the instant the supervisor was built: the reference of the sweep lag until a sweep completes.</summary>
    public Instant StartedAt { get; } = startedAt;

    /// <summary>Gets the instant of the last completed sweep (every timer due at it applied or parked), or null before the first.</summary>
    public Instant? LastSweepAt
    {
        get
        {
            lock (_lock)
            {
                return _lastSweepAt;
            }
        }
    }

    /// <summary>Gets the number of flows parked by this supervisor's sweeps and not saved since.</summary>
    public int ParkedFlows => _parked.Count;

    /// <summary>Gets the last status read from the store, or null when none was read yet.</summary>
    public SupervisionStatus? LastStatus => Volatile.Read(ref _lastStatus);

    /// <summary>
    /// Gets how long the oldest due timer may have waited at <paramref name="now"/>, parked flows aside: the time since
    /// the last completed sweep (or, before the first, since the supervisor was built); zero when the clock went back.
    /// </summary>
    public Duration SweepLag(Instant now)
    {
        var since = LastSweepAt ?? StartedAt;
        return now > since ? now - since : Duration.Zero;
    }

    /// <summary>Records a completed sweep at its instant; an earlier instant than the last one recorded is ignored.</summary>
    public void SweepCompleted(Instant at)
    {
        lock (_lock)
        {
            if (_lastSweepAt is not { } last || at > last)
            {
                _lastSweepAt = at;
            }
        }
    }

    /// <summary>Records a flow parked by a sweep.</summary>
    public void Parked(string orderNumber) => _parked.TryAdd(orderNumber, 0);

    /// <summary>Records a saved change of a flow, which ends its parking.</summary>
    public void Saved(string orderNumber)
    {
        if (!_parked.IsEmpty)
        {
            _parked.TryRemove(orderNumber, out _);
        }
    }

    /// <summary>Keeps the last status read from the store.</summary>
    public void StatusRead(SupervisionStatus status) => Volatile.Write(ref _lastStatus, status);
}
