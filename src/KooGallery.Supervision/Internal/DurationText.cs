using System.Globalization;

namespace KooGallery.Supervision.Internal;

/// <summary>Formats durations for people: "2 days 4 hours", "5 days", "0 seconds".</summary>
internal static class DurationText
{
    public static string Format(Duration duration)
    {
        if (duration <= Duration.Zero)
        {
            return "0 seconds";
        }

        var parts = new List<string>(4);
        Add(parts, duration.Days, "day");
        Add(parts, duration.Hours, "hour");
        Add(parts, duration.Minutes, "minute");
        Add(parts, duration.Seconds, "second");
        return parts.Count == 0 ? "less than a second" : string.Join(' ', parts);
    }

    private static void Add(List<string> parts, long value, string unit)
    {
        if (value != 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value} {unit}{(value == 1 ? string.Empty : "s")}"));
        }
    }
}
