using KooGallery.Supervision.Internal;
using NodaTime.TimeZones;

namespace KooGallery.Supervision.Timers;

/// <summary>Computes the appeal decision deadline (the decision deadline, R25) in the marketplace's working days.</summary>
internal static class WorkingDayCalendar
{
    /// <summary>
    /// The same local time of day <see cref="SupervisionPolicy.AppealDecisionWorkingDays"/> working
    /// days later; an appeal opened on a non-working day counts from 00:00 of the next working day.
    /// Saturates at <see cref="Instant.MaxValue"/> when the deadline would fall after the end of time.
    /// </summary>
    public static Instant DecisionDueAt(Instant openedAt, SupervisionPolicy policy)
    {
        if (openedAt > InstantMath.ZoneSafeMax)
        {
            return Instant.MaxValue;
        }

        // Before the first instant every zone can show, count from that instant: days in the year -9998.
        var start = openedAt < InstantMath.ZoneSafeMin ? InstantMath.ZoneSafeMin : openedAt;
        var zone = policy.TimeZone;
        var local = start.InZone(zone).LocalDateTime;
        LocalDate? date = local.Date;
        var time = local.TimeOfDay;
        if (!IsWorkingDay(local.Date, policy))
        {
            date = NextWorkingDay(local.Date, policy);
            time = LocalTime.Midnight;
        }

        for (var counted = 0; counted < policy.AppealDecisionWorkingDays && date is { } current; counted++)
        {
            date = NextWorkingDay(current, policy);
        }

        return date is { } due ? zone.ResolveLocal(due + time, Resolvers.LenientResolver).ToInstant() : Instant.MaxValue;
    }

    /// <summary>The next working day after <paramref name="date"/>, or null when it would lie past the end of time.</summary>
    private static LocalDate? NextWorkingDay(LocalDate date, SupervisionPolicy policy)
    {
        // Bounded: a policy validated to have at least one working day finds one within a few years
        // even with many holidays; stop after ten years to never loop forever.
        for (var i = 0; i < 3660; i++)
        {
            if (InstantMath.PlusDaysWithinZoneSafeRange(date, 1) is not { } next)
            {
                return null;
            }

            date = next;
            if (IsWorkingDay(date, policy))
            {
                return date;
            }
        }

        return date;
    }

    private static bool IsWorkingDay(LocalDate date, SupervisionPolicy policy) =>
        policy.WorkingDays.Contains(date.DayOfWeek) && !policy.Holidays.Contains(date);
}
