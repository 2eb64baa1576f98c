using System.Text;
using NodaTime.Text;

namespace KooGallery.Supervision.Scenarios.Reading;

/// <summary>
/// Reads and writes the times of scenario files: durations such as <c>5d 1h</c> or <c>1ns</c>, and instants
/// such as <c>2026-03-06T10:00:00Z</c> (or with an offset, <c>2026-03-06T18:00:00+08:00</c>).
/// </summary>
internal static class TimeText
{
    private static readonly (string Unit, Duration Size)[] Units =
    [
        ("d", Duration.FromDays(1)),
        ("h", Duration.FromHours(1)),
        ("m", Duration.FromMinutes(1)),
        ("s", Duration.FromSeconds(1)),
        ("ms", Duration.FromMilliseconds(1)),
        ("us", Duration.FromNanoseconds(1_000)),
        ("ns", Duration.FromNanoseconds(1)),
    ];

    /// <summary>What a duration looks like, for error messages.</summary>
    public const string DurationHelp = "a duration such as \"5d 1h\", \"90m\", \"30s\" or \"1ns\" (units d, h, m, s, ms, us, ns)";

    /// <summary>What an instant looks like, for error messages.</summary>
    public const string InstantHelp = "an instant such as \"2026-03-06T10:00:00Z\" (or with an offset, \"2026-03-06T18:00:00+08:00\")";

    /// <summary>Reads a duration: whole numbers with units, separated by spaces ("5d 1h"); "0" is zero.</summary>
    public static bool TryParseDuration(string text, out Duration duration)
    {
        duration = Duration.Zero;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            return false;
        }

        if (parts is ["0"])
        {
            return true;
        }

        foreach (var part in parts)
        {
            var digits = 0;
            while (digits < part.Length && char.IsAsciiDigit(part[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 12
                || !long.TryParse(part.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return false;
            }

            var unit = part[digits..];
            var found = false;
            foreach (var (name, size) in Units)
            {
                if (string.Equals(unit, name, StringComparison.Ordinal))
                {
                    // Past the range of a duration (about 292 years of nanoseconds either way) is no duration.
                    try
                    {
                        duration += size * count;
                    }
                    catch (Exception exception) when (exception is OverflowException or ArgumentOutOfRangeException)
                    {
                        return false;
                    }

                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes a duration the way scenario files write it ("5d 1h", "1ns", "0").</summary>
    public static string Format(Duration duration)
    {
        if (duration == Duration.Zero)
        {
            return "0";
        }

        var builder = new StringBuilder();
        var nanoseconds = duration.ToBigIntegerNanoseconds();
        if (nanoseconds < 0)
        {
            builder.Append('-');
            nanoseconds = -nanoseconds;
        }

        foreach (var (name, size) in Units)
        {
            var count = nanoseconds / size.ToInt64Nanoseconds();
            if (count > 0)
            {
                nanoseconds -= count * size.ToInt64Nanoseconds();
                if (builder.Length > 0 && builder[^1] != '-')
                {
                    builder.Append(' ');
                }

                builder.Append(count.ToString(CultureInfo.InvariantCulture)).Append(name);
            }
        }

        return builder.ToString();
    }

    /// <summary>Reads an instant in ISO form, in UTC ("Z") or with an offset.</summary>
    public static bool TryParseInstant(string text, out Instant instant)
    {
        var utc = InstantPattern.ExtendedIso.Parse(text);
        if (utc.Success)
        {
            instant = utc.Value;
            return true;
        }

        var offset = OffsetDateTimePattern.ExtendedIso.Parse(text);
        instant = offset.Success ? offset.Value.ToInstant() : default;
        return offset.Success;
    }

    /// <summary>Writes an instant in UTC ISO form.</summary>
    public static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>Writes an optional instant, "none" when absent.</summary>
    public static string Format(Instant? instant) => instant is { } value ? Format(value) : "none";
}
