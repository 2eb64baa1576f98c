using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Json;

/// <summary>
/// Reads an enum from exactly one of its declared names and writes its name. The runtime's string enum converter also
/// takes a number, a name with spaces around it and a comma-separated list of names, which it combines bit by bit
/// (<c>"ReturnTo, Complete"</c> would read as <c>Close</c>): a value nobody wrote must be refused, not turned into
/// another one. Two instances serve the library: <see cref="Stored"/> for the stores' documents (the name exactly as
/// written; a value without a name cannot be written), and <see cref="Request"/> for what a caller sends (a name in any
/// case; a value without a name is written as its number, as the runtime's converter writes it). Thread-safe.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class EnumNameConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly string[] Names = Enum.GetNames<T>();
    private static readonly T[] Values = Enum.GetValues<T>();
    private static readonly JsonEncodedText[] EncodedNames = Array.ConvertAll(Names, static name => JsonEncodedText.Encode(name));

    private readonly bool _exactCase;

    private EnumNameConverter(bool exactCase) => _exactCase = exactCase;

    /// <summary>Gets the converter of stored documents: the declared name in its own case, and nothing else.</summary>
    public static EnumNameConverter<T> Stored { get; } = new(exactCase: true);

    /// <summary>Gets the converter of requests and responses: a declared name in any case.</summary>
    public static EnumNameConverter<T> Request { get; } = new(exactCase: false);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Give one of the names of {typeof(T).Name} in a string: {string.Join(", ", Names)}.");
        }

        if (_exactCase)
        {
            // Compared as UTF-8, escapes resolved, without making a string of each value a store hands back.
            for (var i = 0; i < EncodedNames.Length; i++)
            {
                if (reader.ValueTextEquals(EncodedNames[i].EncodedUtf8Bytes))
                {
                    return Values[i];
                }
            }

            throw NotAName(reader.GetString()!);
        }

        return Parse(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var index = Array.IndexOf(Values, value);
        if (index >= 0)
        {
            writer.WriteStringValue(EncodedNames[index]);
        }
        else if (_exactCase)
        {
            throw new JsonException($"{value} is not a {typeof(T).Name}: only a declared name is stored.");
        }
        else
        {
            writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }
    }

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString()!);

    // A property name is text: a value the enum does not define is written as its number in a string.
    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(Enum.GetName(value) ?? value.ToString());

    private T Parse(string text)
    {
        var comparison = _exactCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], text, comparison))
            {
                return Values[i];
            }
        }

        throw NotAName(text);
    }

    private static JsonException NotAName(string text) =>
        new($"'{text}' is not a {typeof(T).Name}: give one of {string.Join(", ", Names)}.");
}
