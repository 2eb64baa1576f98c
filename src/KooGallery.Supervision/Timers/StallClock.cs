using NodaTime;

namespace KooGallery.Supervision.Timers;

/// <summary>Computes from when a waited-on party counts as stalled (R18).</summary>
internal static class StallClock
{
    /// <summary>
    /// With exact elapsed time: the first instant more than <see cref="SupervisionPolicy.StallAfter"/>
    /// after <paramref name="idleSince"/> (one nanosecond later, the finest NodaTime instant). With
    /// calendar days: the start of the local day more than N whole days after the idle start's day.
    /// </summary>
    public static Instant StallDueAt(Instant idleSince, SupervisionPolicy policy)
    {
        if (policy.StallMeasure == StallMeasure.CalendarDays)
        {
            var zone = policy.TimeZone;
            var startDate = idleSince.InZone(zone).Date;
            var dueDate = startDate.PlusDays(policy.StallAfter.Days + 1);
            return zone.AtStartOfDay(dueDate).ToInstant();
        }

        return idleSince + policy.StallAfter + Duration.Epsilon;
    }
}
