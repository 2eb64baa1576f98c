using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The JSON options of the endpoints: the library's contract (<see cref="SupervisionJson"/>), then reflection for the
/// package's own bodies and the problem details documents. Read-only, thread-safe.
/// </summary>
internal static class HttpJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForSupervision();
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }
}
