namespace KooGallery.Supervision;

/// <summary>How the idle clock is compared (stalls, R18) with <see cref="SupervisionPolicy.StallAfter"/>.</summary>
public enum StallMeasure
{
    /// <summary>
    /// Exact elapsed time: the waited-on party has stalled once the idle clock has run for more
    /// than <see cref="SupervisionPolicy.StallAfter"/> (5 x 24 hours by default).
    /// </summary>
    ElapsedTime = 0,

    /// <summary>
    /// Calendar days in <see cref="SupervisionPolicy.TimeZone"/>: with a threshold of N days, the
    /// party has stalled from the start of the (N+1)th local day after the day the idle clock
    /// started, that is once more than N whole calendar days have passed.
    /// </summary>
    CalendarDays = 1,
}
