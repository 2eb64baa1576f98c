using System.Text.Json;
using System.Text.Json.Serialization;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// Reads an enum of a request from exactly one of its names (in any case) and writes its name. The runtime's
/// string enum converter also takes a number, a name with spaces around it and a comma-separated list of names, which
/// it combines bit by bit: <c>"ReturnTo, Complete"</c> would read as <c>Close</c>. A caller's garbled value must be
/// refused, not turned into another one. Only the endpoints' own options use it: an OpenAPI document is built from the
/// host's JSON options, whose runtime converter it describes as the enum's names.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class StrictEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly string[] Names = Enum.GetNames<T>();
    private static readonly T[] Values = Enum.GetValues<T>();

    public static StrictEnumConverter<T> Instance { get; } = new();

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? Parse(reader.GetString()!)
            : throw new JsonException($"A {typeof(T).Name} is one of its names in a string: {string.Join(", ", Names)}.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        // A value the enum does not define has no name: it is written as a number, as the runtime's converter does.
        if (Enum.GetName(value) is { } name)
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(NameOf(value));

    private static T Parse(string text)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                return Values[i];
            }
        }

        throw new JsonException($"'{text}' is not a {typeof(T).Name}: give one of {string.Join(", ", Names)}.");
    }

    // A property name is text: a value the enum does not define is written as its number in a string.
    private static string NameOf(T value) => Enum.GetName(value) ?? value.ToString();
}
