using System.Globalization;
using System.Text;

namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>
/// Writes durations the way scenario files write them: whole units separated by spaces ("5d 1h", "2h 59m 59s 999ms
/// 999us 999ns", "1ns"), "0" for zero, a leading '-' when negative.
/// </summary>
internal static class DurationText
{
    private static readonly (string Unit, long Nanoseconds)[] Units =
    [
        ("d", NodaConstants.NanosecondsPerDay),
        ("h", NodaConstants.NanosecondsPerHour),
        ("m", NodaConstants.NanosecondsPerMinute),
        ("s", NodaConstants.NanosecondsPerSecond),
        ("ms", NodaConstants.NanosecondsPerMillisecond),
        ("us", 1_000),
        ("ns", 1),
    ];

    public static string Format(Duration duration)
    {
        if (duration == Duration.Zero)
        {
            return "0";
        }

        var builder = new StringBuilder();
        var remaining = duration.ToBigIntegerNanoseconds();
        if (remaining < 0)
        {
            builder.Append('-');
            remaining = -remaining;
        }

        foreach (var (unit, size) in Units)
        {
            var count = remaining / size;
            if (count > 0)
            {
                remaining -= count * size;
                if (builder.Length > 0 && builder[^1] != '-')
                {
                    builder.Append(' ');
                }

                builder.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }

        return builder.ToString();
    }
}
