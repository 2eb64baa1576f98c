using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KooGallery.Supervision.Json;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The JSON options of the endpoints: the library's contract (<see cref="SupervisionJson"/>) with enums read strictly
/// (<see cref="EnumNameConverter{T}.Request"/>), then reflection for the package's own bodies and the problem details
/// documents. Read-only, thread-safe.
/// </summary>
internal static class HttpJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        // A member given twice ("outcome" twice, or "Text" and "text") is refused: which one the caller meant is not known.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

        // Before the contract's converters, so they win: a request's enum is exactly one name.
        options.Converters.Add(EnumNameConverter<Stage>.Request);
        options.Converters.Add(EnumNameConverter<OrderStatus>.Request);
        options.Converters.Add(EnumNameConverter<Party>.Request);
        options.Converters.Add(EnumNameConverter<ActorRole>.Request);
        options.Converters.Add(EnumNameConverter<ProductKind>.Request);
        options.Converters.Add(EnumNameConverter<SupervisionAction>.Request);
        options.Converters.Add(EnumNameConverter<SupervisionErrorCode>.Request);
        options.Converters.Add(EnumNameConverter<SupervisionEventKind>.Request);
        options.Converters.Add(EnumNameConverter<AppealOutcome>.Request);
        options.ConfigureForSupervision();
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }
}
