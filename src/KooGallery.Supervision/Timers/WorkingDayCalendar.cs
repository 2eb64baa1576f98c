using NodaTime;
using NodaTime.TimeZones;

namespace KooGallery.Supervision.Timers;

/// <summary>Computes the appeal decision deadline of R25 in the marketplace's working days.</summary>
internal static class WorkingDayCalendar
{
    /// <summary>
    /// The same local time of day <see cref="SupervisionPolicy.AppealDecisionWorkingDays"/> working
    /// days later; an appeal opened on a non-working day counts from 00:00 of the next working day.
    /// </summary>
    public static Instant DecisionDueAt(Instant openedAt, SupervisionPolicy policy)
    {
        var zone = policy.TimeZone;
        var local = openedAt.InZone(zone).LocalDateTime;
        var date = local.Date;
        var time = local.TimeOfDay;
        if (!IsWorkingDay(date, policy))
        {
            date = NextWorkingDay(date, policy);
            time = LocalTime.Midnight;
        }

        for (var counted = 0; counted < policy.AppealDecisionWorkingDays; counted++)
        {
            date = NextWorkingDay(date, policy);
        }

        return zone.ResolveLocal(date + time, Resolvers.LenientResolver).ToInstant();
    }

    private static LocalDate NextWorkingDay(LocalDate date, SupervisionPolicy policy)
    {
        // Bounded: a policy validated to have at least one working day finds one within a few years
        // even with many holidays; stop after ten years to never loop forever.
        for (var i = 0; i < 3660; i++)
        {
            date = date.PlusDays(1);
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
