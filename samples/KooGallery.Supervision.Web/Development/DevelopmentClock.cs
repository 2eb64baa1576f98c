using NodaTime;

namespace KooGallery.Supervision.Web.Development;

/// <summary>
/// DEVELOPMENT ONLY, NOT FOR PRODUCTION: the clock of the supervision in the sample, the system time (or a fixed start
/// instant) plus an offset a person moves forward from the pages, so that completion, stalls and overdue appeals happen
/// while they watch. Thread-safe.
/// </summary>
public sealed class DevelopmentClock : IClock
{
    private readonly Instant? _start;
    private long _offsetTicks;

    /// <summary>Creates the clock.</summary>
    /// <param name="start">A fixed instant to start at (the clock then moves only when advanced), or null for the system time.</param>
    public DevelopmentClock(Instant? start = null) => _start = start;

    /// <summary>Gets how far the clock has been moved forward.</summary>
    public Duration Offset => Duration.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <inheritdoc />
    public Instant GetCurrentInstant() => (_start ?? SystemClock.Instance.GetCurrentInstant()) + Offset;

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far; positive.</param>
    public void Advance(Duration by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(by, Duration.Zero);
        Interlocked.Add(ref _offsetTicks, by.BclCompatibleTicks);
    }
}
