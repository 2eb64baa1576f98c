using System.Buffers.Text;
using System.Text.Json;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The opaque form of a <see cref="FlowCursor"/> in a query string: its JSON in the library's contract, in base64url.
/// Opaque to clients (they pass back what they got); not a secret, and checked again by the library like any query.
/// </summary>
internal static class SearchCursor
{
    public static string Write(FlowCursor cursor) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor, HttpJson.Options));

    public static FlowCursor? TryRead(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<FlowCursor>(Base64Url.DecodeFromChars(text), HttpJson.Options);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or NotSupportedException)
        {
            return null;
        }
    }
}
