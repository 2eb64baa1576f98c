using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// Reads and writes a flow's template (an array of <c>{"name": ..., "required": ...}</c>) straight from and into its
/// <see cref="TemplateField"/>s: it writes the bytes the
/// source-generated writer wrote, members in that order, and reads them back with unknown members passed over.
/// Converted here rather than by the generated code because that code steps into a nested array through a stack of
/// frames it allocates for each document (about 600 bytes for each flow a command loads and saves), and every flow has
/// two templates. Stricter than the generated reader was: a template field needs its name (text, not null) and its
/// flag (true or false), which the library always writes, and a template must be an array, not null, on every target
/// framework; anything else is refused.
/// </summary>
internal sealed class StoredTemplateConverter : JsonConverter<IReadOnlyList<TemplateField>>
{
    /// <summary>Gets true: a null template reaches <see cref="Read"/>, which refuses it, on .NET 8 as on later versions.</summary>
    public override bool HandleNull => true;

    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Required = JsonEncodedText.Encode("required");

    public override IReadOnlyList<TemplateField> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        List<TemplateField>? fields = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            string? name = null;
            bool? required = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(Name.EncodedUtf8Bytes))
                {
                    reader.Read();
                    Expect(ref reader, JsonTokenType.String);
                    name = reader.GetString();
                }
                else if (reader.ValueTextEquals(Required.EncodedUtf8Bytes))
                {
                    reader.Read();
                    required = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw new JsonException($"A template field's \"required\" must be true or false, not {reader.TokenType}."),
                    };
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            Expect(ref reader, JsonTokenType.EndObject);
            (fields ??= []).Add(new TemplateField(
                name ?? throw new JsonException("A template field has no \"name\"."),
                required ?? throw new JsonException("A template field has no \"required\".")));
        }

        Expect(ref reader, JsonTokenType.EndArray);
        // Wrapped, so that a cast cannot change the flow's template.
        return fields is null ? ReadOnlyCollection<TemplateField>.Empty : fields.AsReadOnly();
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<TemplateField> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value); // a stored flow always has both templates
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString(Name, value[i].Name);
            writer.WriteBoolean(Required, value[i].Required);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"A template is an array of objects: found {reader.TokenType} where {token} belongs.");
        }
    }
}
