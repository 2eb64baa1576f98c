using NodaTime;

namespace KooGallery.Supervision.Internal;

/// <summary>Instant arithmetic for timers that saturates at the ends of time instead of overflowing.</summary>
internal static class InstantArithmetic
{
    /// <summary>Adds a non-negative duration, giving <see cref="Instant.MaxValue"/> where the sum lies beyond it.</summary>
    public static Instant PlusSaturating(Instant instant, Duration duration)
    {
        if (duration <= Duration.Zero)
        {
            return instant;
        }

        return duration <= Instant.MaxValue - instant ? instant + duration : Instant.MaxValue;
    }
}
