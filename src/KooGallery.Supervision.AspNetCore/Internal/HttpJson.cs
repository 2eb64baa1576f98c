using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The JSON options of the endpoints: the library's contract (<see cref="SupervisionJson"/>) with enums read strictly
/// (<see cref="StrictEnumConverter{T}"/>), then reflection for the package's own bodies and the problem details
/// documents. Read-only, thread-safe.
/// </summary>
internal static class HttpJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        // Before the contract's converters, so they win: a request's enum is exactly one name.
        options.Converters.Add(StrictEnumConverter<Stage>.Instance);
        options.Converters.Add(StrictEnumConverter<OrderStatus>.Instance);
        options.Converters.Add(StrictEnumConverter<Party>.Instance);
        options.Converters.Add(StrictEnumConverter<ActorRole>.Instance);
        options.Converters.Add(StrictEnumConverter<ProductKind>.Instance);
        options.Converters.Add(StrictEnumConverter<SupervisionAction>.Instance);
        options.Converters.Add(StrictEnumConverter<SupervisionErrorCode>.Instance);
        options.Converters.Add(StrictEnumConverter<SupervisionEventKind>.Instance);
        options.Converters.Add(StrictEnumConverter<AppealOutcome>.Instance);
        options.ConfigureForSupervision();
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }
}
