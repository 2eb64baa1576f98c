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
            return "The member is given more than once; give it once." + Where(exception);
        }

        if (!exception.Message.StartsWith(NotConverted, StringComparison.Ordinal))
        {
            // The library's own converters say what they take; the reader's own messages end with its place, counted
            // from zero, which gives way to the body's line and byte counted from one.
            var message = exception.Message;
            var place = message.IndexOf(" Path: ", StringComparison.Ordinal);
            return (place > 0 && message.IndexOf("| LineNumber: ", place, StringComparison.Ordinal) > 0 ? message[..place] : message) + Where(exception);
        }

        var type = TypeAt(bodyType, exception.Path);
        return (type is null ? "The value is not of the type this member takes." : $"Give {Expected(type)}.") + Where(exception);
    }

    private static string Where(JsonException exception) =>
        exception.LineNumber is { } line && exception.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1} of the body)")
            : string.Empty;

    /// <summary>
    /// The field a refusal names for the reader's path: <c>$.fields.a</c> and <c>$.fields['odd name']</c> as
    /// <c>fields.a</c> and <c>fields.odd name</c> (a template field as the template names it, after <c>fields.</c>),
    /// <c>$.proofs[0].uri</c> as <c>proofs[0].uri</c>, and the whole body as <c>body</c>.
    /// </summary>
    public static string FieldOf(string? path)
    {
        if (Segments(path) is not { Count: > 0 } segments)
        {
            return string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
        }

        var field = new System.Text.StringBuilder();
        foreach (var (name, index) in segments)
        {
            if (name is null)
            {
                field.Append('[').Append(index).Append(']');
            }
            else
            {
                field.Append(field.Length > 0 ? "." : string.Empty).Append(name);
            }
        }

        return field.ToString();
    }

    /// <summary>The type the reader's path reaches in the body's contract; null when it cannot be told.</summary>
    private static Type? TypeAt(Type bodyType, string? path)
    {
        if (Segments(path) is not { } segments)
        {
            return null;
        }

        var type = bodyType;
        foreach (var (name, _) in segments)
        {
            if ((name is null ? ElementOf(type) : Member(type, name)) is not { } next)
            {
                return null;
            }

            type = next;
        }

        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>
    /// The steps of a path as the reader writes it: <c>.name</c>, <c>['name']</c> (a name holding a dot, a space or a
    /// bracket; a quote in it escaped) and <c>[index]</c>; each a member name, or null and an index. Null when the path
    /// is not of that form.
    /// </summary>
    private static List<(string? Name, string? Index)>? Segments(string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var segments = new List<(string? Name, string? Index)>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add((path[(i + 1)..end], null));
                i = end;
                continue;
            }

            var close = path[i] != '[' ? -1
                : i + 1 < path.Length && path[i + 1] == '\'' ? QuoteEnd(path, i + 2)
                : path.IndexOf(']', i + 1);
            if (close < 0)
            {
                return null;
            }

            segments.Add(path[i + 1] == '\''
                ? (path[(i + 2)..(close - 1)].Replace("\\'", "'", StringComparison.Ordinal), null)
                : (null, path[(i + 1)..close]));
            i = close + 1;
        }

        return segments;
    }

    /// <summary>Where the quoted name from <paramref name="start"/> ends: the index of its closing bracket, or -1.</summary>
    private static int QuoteEnd(string path, int start)
    {
        var end = path.IndexOf("']", start, StringComparison.Ordinal);
        while (end > 0 && path[end - 1] == '\\')
        {
            end = path.IndexOf("']", end + 1, StringComparison.Ordinal);
        }

        return end < 0 ? -1 : end + 1;
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
            _ when type.IsPrimitive || type == typeof(decimal) => "a number within the range this member takes",
            _ => "a value of the type this member takes",
        };
    }
}
