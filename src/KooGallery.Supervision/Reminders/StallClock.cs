using KooGallery.Supervision.Internal;

namespace KooGallery.Supervision.Timers;

/// <summary>Computes from when a waited-on party counts as stalled (stalls, R18).</summary>
internal static class StallClock
{
    /// <summary>
    /// With exact elapsed time: the first instant more than <see cref="SupervisionPolicy.StallAfter"/>
    /// after <paramref name="idleSince"/> (one nanosecond later, the finest NodaTime instant). With
    /// calendar days: the start of the local day more than N whole days after the idle start's day.
    /// Either saturates at <see cref="Instant.MaxValue"/> when it would fall after the end of time.
    /// </summary>
    public static Instant StallDueAt(Instant idleSince, SupervisionPolicy policy)
    {
        if (policy.StallMeasure == StallMeasure.CalendarDays)
        {
            // Stryker disable once Equality : at ZoneSafeMax the calendar computation also gives Instant.MaxValue
            if (idleSince > InstantMath.ZoneSafeMax)
            {
                return Instant.MaxValue;
            }

            // Before the first instant every zone can show, count from that instant: days in the year -9998.
            // Stryker disable once Equality : at ZoneSafeMin both branches choose the same start
            var start = idleSince < InstantMath.ZoneSafeMin ? InstantMath.ZoneSafeMin : idleSince;
            var zone = policy.TimeZone;
            var startDate = start.InZone(zone).Date;
            return InstantMath.PlusDaysWithinZoneSafeRange(startDate, policy.StallAfter.Days + 1) is { } dueDate
                ? zone.AtStartOfDay(dueDate).ToInstant()
                : Instant.MaxValue;
        }

        return InstantMath.PlusSaturating(idleSince, policy.StallAfter + Duration.Epsilon);
    }
}
