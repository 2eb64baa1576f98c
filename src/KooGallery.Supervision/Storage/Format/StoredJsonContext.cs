using System.Text.Json;
using System.Text.Json.Serialization;
using KooGallery.Supervision.Json;
using NodaTime.Serialization.SystemTextJson;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// The source-generated JSON metadata of the stored shapes: the names each shape spells out (a C# rename cannot
/// change the stored form), in declaration order, members without a value left out, enums by their declared names (nothing else is read), instants in
/// NodaTime's extended ISO form and durations in its round-trip form, all to the nanosecond. Thread-safe.
/// </summary>
// UseStringEnumConverter only for an enum added to a shape without its converter below: it is still written by name.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoredFlow))]
[JsonSerializable(typeof(StoredRecord))]
[JsonSerializable(typeof(StoredOutcome))]
[JsonSerializable(typeof(StoredEvent))]
internal sealed partial class StoredJsonContext : JsonSerializerContext
{
    /// <summary>Gets the context with NodaTime's converters, the one every stored document is read and written with.</summary>
    public static StoredJsonContext Stored { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters =
        {
            StoredInstantConverter.Instance,
            NodaConverters.RoundtripDurationConverter,
            EnumNameConverter<ActorRole>.Stored,
            EnumNameConverter<Party>.Stored,
            EnumNameConverter<ProductKind>.Stored,
            EnumNameConverter<Stage>.Stored,
            EnumNameConverter<SupervisionAction>.Stored,
            EnumNameConverter<SupervisionEventKind>.Stored,
        },
#if NET9_0_OR_GREATER
        // A null where the shape has no null ("orderNumber": null) is refused, as a missing member is.
        RespectNullableAnnotations = true,
#endif
    });
}
