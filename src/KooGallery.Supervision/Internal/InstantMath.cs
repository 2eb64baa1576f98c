namespace KooGallery.Supervision.Internal;

/// <summary>
/// Instant arithmetic that never overflows. NodaTime throws an <see cref="System.OverflowException"/> when a
/// result leaves [<see cref="Instant.MinValue"/>, <see cref="Instant.MaxValue"/>] (years -9998 to 9999), and
/// when an instant within two days of those ends is taken into a time zone. A clock may be anywhere in that
/// range, so every due instant computed from it (completion, stall, long-open, appeal deadline) saturates at
/// the end of time instead: a timer that would fall after <see cref="Instant.MaxValue"/> is due at it.
/// </summary>
internal static class InstantMath
{
    /// <summary>
    /// The margin kept from either end of time for calendar arithmetic: more than any zone's offset
    /// (at most 18 hours), so an instant inside it has a local date and time in every zone, and a local
    /// date inside it resolves to an instant in every zone.
    /// </summary>
    private static readonly Duration ZoneMargin = Duration.FromDays(2);

    /// <summary>Gets the first instant that can be taken into any time zone and back.</summary>
    public static Instant ZoneSafeMin { get; } = Instant.MinValue + ZoneMargin;

    /// <summary>Gets the last instant that can be taken into any time zone and back.</summary>
    public static Instant ZoneSafeMax { get; } = Instant.MaxValue - ZoneMargin;

    /// <summary>Gets the last local date whose every local time resolves to an instant in every zone.</summary>
    public static LocalDate LastZoneSafeDate { get; } = LocalDate.MaxIsoValue.PlusDays(-2);

    /// <summary>
    /// <paramref name="instant"/> plus <paramref name="duration"/>, or <see cref="Instant.MaxValue"/> /
    /// <see cref="Instant.MinValue"/> when the exact result lies past that end of time.
    /// </summary>
    public static Instant PlusSaturating(Instant instant, Duration duration)
    {
        if (duration >= Duration.Zero)
        {
            return duration >= Instant.MaxValue - instant ? Instant.MaxValue : instant + duration;
        }

        return duration <= Instant.MinValue - instant ? Instant.MinValue : instant + duration;
    }

    /// <summary>
    /// <paramref name="date"/> plus <paramref name="days"/> (not negative), or null when the result would lie after
    /// <see cref="LastZoneSafeDate"/>: the caller saturates at <see cref="Instant.MaxValue"/>.
    /// </summary>
    public static LocalDate? PlusDaysWithinZoneSafeRange(LocalDate date, int days) =>
        date <= LastZoneSafeDate.PlusDays(-days) ? date.PlusDays(days) : null;
}
