using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// Writes and reads an amount as invariant text keeping its scale (<c>"1234.50"</c>), so no JSON reader on the way
/// turns it into a binary floating-point number. Reads the text as <see cref="NumberStyles.Number"/>; anything else
/// (a JSON number, text that is no amount, an amount out of range) is the stored document's error. Thread-safe.
/// </summary>
internal sealed class StoredAmountConverter : JsonConverter<decimal>
{
    /// <summary>Room for any decimal: 29 digits, a sign, a point and leading zeros of a scale up to 28.</summary>
    private const int LongestText = 32;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String
            && decimal.TryParse(reader.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            return amount;
        }

        throw new JsonException("An amount is stored as invariant text, such as \"1234.50\".");
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[LongestText];
        if (value.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(text[..length]);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
