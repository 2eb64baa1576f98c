using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Serialization.SystemTextJson;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// Writes and reads the instants of stored documents in NodaTime's extended ISO form (<c>2026-03-02T09:00:00.5Z</c>)
/// straight as UTF-8, without the text and parse objects NodaTime's pattern makes for each one: every stored flow holds
/// several instants, and a durable command reads and writes its flow once. The plain form of years 1 to 9999 is handled
/// here; any other value or text goes to <see cref="NodaConverters.InstantConverter"/>, so the text written and the
/// errors raised are exactly NodaTime's (pinned by tests that compare the two). Thread-safe.
/// </summary>
internal sealed class StoredInstantConverter : JsonConverter<Instant>
{
    /// <summary>The longest plain form: <c>yyyy-MM-ddTHH:mm:ss.fffffffffZ</c>.</summary>
    private const int LongestPlain = 30;

    /// <summary>The shortest plain form: <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    private const int ShortestPlain = 20;

    private static readonly JsonConverter<Instant> Fallback = (JsonConverter<Instant>)NodaConverters.InstantConverter;
    private static readonly Instant FirstPlain = Instant.FromUtc(1, 1, 1, 0, 0);

    public static StoredInstantConverter Instance { get; } = new();

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[LongestPlain];
        if (TryFormat(value, text, out var length))
        {
            writer.WriteStringValue(text[..length]);
        }
        else
        {
            Fallback.Write(writer, value, options);
        }
    }

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped && TryParse(reader.ValueSpan, out var instant)
            ? instant
            : Fallback.Read(ref reader, typeToConvert, options);

    /// <summary>Writes the plain form of an instant of years 1 to 9999; false for any other.</summary>
    internal static bool TryFormat(Instant value, Span<byte> text, out int length)
    {
        length = 0;
        if (value < FirstPlain || value > Instant.MaxValue || text.Length < LongestPlain)
        {
            return false;
        }

        var local = value.InUtc().LocalDateTime;
        Digits(text, local.Year, 4);
        text[4] = (byte)'-';
        Digits(text[5..], local.Month, 2);
        text[7] = (byte)'-';
        Digits(text[8..], local.Day, 2);
        text[10] = (byte)'T';
        Digits(text[11..], local.Hour, 2);
        text[13] = (byte)':';
        Digits(text[14..], local.Minute, 2);
        text[16] = (byte)':';
        Digits(text[17..], local.Second, 2);
        length = 19;
        var nanoseconds = local.NanosecondOfSecond;
        if (nanoseconds != 0)
        {
            // NodaTime's "FFFFFFFFF": nine digits with the trailing zeros left out.
            text[length++] = (byte)'.';
            var digits = 9;
            while (nanoseconds % 10 == 0)
            {
                nanoseconds /= 10;
                digits--;
            }

            Digits(text[length..], nanoseconds, digits);
            length += digits;
        }

        text[length++] = (byte)'Z';
        return true;
    }

    /// <summary>Reads the plain form of an instant of years 1 to 9999 with a '.' before any fraction; false for any other text.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out Instant instant)
    {
        instant = default;
        if (text.Length < ShortestPlain || text.Length > LongestPlain || text.Length == ShortestPlain + 1
            || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[^1] != 'Z'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var nanoseconds = 0;
        if (text.Length > ShortestPlain)
        {
            var fraction = text[20..^1];
            if (text[19] != '.' || !TryDigits(fraction, out nanoseconds))
            {
                return false;
            }

            for (var i = fraction.Length; i < 9; i++)
            {
                nanoseconds *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        instant = Instant.FromUtc(year, month, day, hour, minute, second) + Duration.FromNanoseconds(nanoseconds);
        return true;
    }

    private static void Digits(Span<byte> text, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            text[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
