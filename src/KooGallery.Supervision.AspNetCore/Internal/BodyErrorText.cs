using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The message of a body member the JSON reader refused, in the API's words: what the member takes, found by walking
/// the body's contract along the refused path, instead of the runtime's text naming .NET types. Thread-safe.
/// </summary>
internal static class BodyErrorText
{
    private const string NotConverted = "The JSON value could not be converted to ";

    public static string Of(JsonException exception, Type bodyType)
    {
        if (exception.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
        {
            return "The text holds an escaped lone surrogate (such as \\ud800), which is no character." + Where(exception);
        }

        if (exception.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return "The member is given more than once (names differing only in case count as one); give it once." + Where(exception);
        }

        if (!exception.Message.StartsWith(NotConverted, StringComparison.Ordinal))
        {
            return exception.Message; // the library's own converters say what they take
        }

        var type = TypeAt(bodyType, exception.Path);
        return (type is null ? "The value is not of the type this member takes." : $"Give {Expected(type)}.") + Where(exception);
    }

    private static string Where(JsonException exception) =>
        exception.LineNumber is { } line && exception.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1} of the body)")
            : string.Empty;

    /// <summary>The type a path such as <c>$.fields.a</c> or <c>$.proofs[0].uri</c> reaches in the body's contract; null when it cannot be told.</summary>
    private static Type? TypeAt(Type bodyType, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var type = bodyType;
        foreach (var segment in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var indexes = 0;
            while (name.EndsWith(']') && name.LastIndexOf('[') is var open and >= 0)
            {
                name = name[..open];
                indexes++;
            }

            if (name.Length > 0 && Member(type, name) is not { } member)
            {
                return null;
            }
            else if (name.Length > 0)
            {
                type = Member(type, name)!;
            }

            for (var i = 0; i < indexes; i++)
            {
                if (ElementOf(type) is not { } element)
                {
                    return null;
                }

                type = element;
            }
        }

        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static Type? Member(Type type, string name)
    {
        var info = HttpJson.Options.GetTypeInfo(type);
        if (info.Kind == JsonTypeInfoKind.Dictionary)
        {
            return info.ElementType;
        }

        return info.Kind == JsonTypeInfoKind.Object
            ? info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType
            : null;
    }

    private static Type? ElementOf(Type type)
    {
        var info = HttpJson.Options.GetTypeInfo(type);
        return info.Kind == JsonTypeInfoKind.Enumerable ? info.ElementType : null;
    }

    private static string Expected(Type type)
    {
        var info = HttpJson.Options.GetTypeInfo(type);
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(Instant))
        {
            return "an instant in ISO form as a string, such as \"2026-03-02T09:00:00Z\"";
        }

        if (type == typeof(Duration))
        {
            return "a duration as a string in days:hours:minutes:seconds, such as \"2:04:00:00\"";
        }

        return info.Kind switch
        {
            JsonTypeInfoKind.Dictionary => $"an object whose every value is {Expected(info.ElementType!)}",
            JsonTypeInfoKind.Enumerable => $"an array whose every item is {Expected(info.ElementType!)}",
            JsonTypeInfoKind.Object => "an object",
            _ when type.IsPrimitive || type == typeof(decimal) => "a number",
            _ => "a value of the type this member takes",
        };
    }
}
