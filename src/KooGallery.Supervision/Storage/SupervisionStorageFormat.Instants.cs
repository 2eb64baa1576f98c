using KooGallery.Supervision.Storage.Format;
using NodaTime.Text;

namespace KooGallery.Supervision;

public static partial class SupervisionStorageFormat
{
    /// <summary>
    /// Gives an instant in the text form the stored documents use, NodaTime's extended ISO pattern
    /// (<c>2026-03-02T09:00:00.5Z</c>, to the nanosecond, trailing zeros of the fraction left out): for a column that
    /// keeps an instant beside a document, such as the time of an operation record.
    /// </summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The text, exactly as <see cref="InstantPattern.ExtendedIso"/> formats it.</returns>
    public static string FormatInstant(Instant instant)
    {
        Span<byte> text = stackalloc byte[32];
        // The plain form of years 1 to 9999 is written directly, without the pattern's builder; any other goes to NodaTime.
        return StoredInstantConverter.TryFormat(instant, text, out var length)
            ? System.Text.Encoding.ASCII.GetString(text[..length])
            : InstantPattern.ExtendedIso.Format(instant);
    }
}
