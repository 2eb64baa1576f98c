using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime.Serialization.SystemTextJson;

namespace KooGallery.Supervision;

/// <summary>
/// The JSON contract of the library's public types, for hosts that return them to clients or read them back:
/// property names in camelCase, instants as ISO 8601 strings in UTC with up to nine fractional digits
/// (<c>"2026-11-28T20:36:51.123456789Z"</c>), durations in NodaTime's round-trip form (<c>"2:04:00:00"</c> is two
/// days and four hours), and the library's enums by name (<c>"InService"</c>), backed by the source-generated
/// metadata (<see cref="TypeInfoResolver"/>) so it works trimmed and under native AOT. Every type of the context reads
/// back equal to what was written, instants to the nanosecond.
/// </summary>
/// <remarks>
/// <para>Without it, the default options of ASP.NET Core write every NodaTime instant as an empty object and every
/// enum as a number. Use <see cref="Options"/> as it is (<c>Results.Json(view, SupervisionJson.Options)</c>), or add
/// the contract to options of your own with <see cref="ConfigureForSupervision"/>.</para>
/// <para>This is the contract with clients. A store keeps flows in another format, <see cref="SupervisionStorageFormat"/>.
/// Thread-safe: <see cref="Options"/> is read-only.</para>
/// </remarks>
public static class SupervisionJson
{
    private static readonly Lazy<JsonSerializerOptions> Shared = new(static () =>
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForSupervision();
        options.MakeReadOnly();
        return options;
    });

    /// <summary>
    /// Gets the source-generated metadata of the library's public types (views, summaries, pages, cursors, queries,
    /// records, outcomes, refusals, events, the data of a new flow). <see cref="ConfigureForSupervision"/> puts it
    /// first in a resolver chain; use it directly to combine it with contexts of your own.
    /// </summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => SupervisionJsonContext.Default;

    /// <summary>
    /// Gets the read-only options of the contract: the web defaults (camelCase names, case-insensitive reading)
    /// with the library's converters and metadata. They resolve the library's public types only; to serialize
    /// types of your own as well, configure options of your own with <see cref="ConfigureForSupervision"/>.
    /// </summary>
    public static JsonSerializerOptions Options => Shared.Value;

    /// <summary>
    /// Adds the contract to <paramref name="options"/>: NodaTime's instant and duration converters, the library's
    /// enums by name, and <see cref="TypeInfoResolver"/> first in the type resolver chain. Naming and the
    /// other settings stay as they are; enums other than the library's are left alone.
    /// </summary>
    /// <param name="options">Options that are not read-only yet, for example ASP.NET Core's
    /// <c>JsonOptions.SerializerOptions</c>.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <remarks>
    /// Options created with <c>new JsonSerializerOptions()</c> have no type resolver yet: after this call they resolve
    /// the library's types only, so add your own context (or the reflection-based resolver) to
    /// <see cref="JsonSerializerOptions.TypeInfoResolverChain"/> for your types. ASP.NET Core's options already have
    /// one and keep it, after the library's.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="options"/> is read-only.</exception>
    public static JsonSerializerOptions ConfigureForSupervision(this JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(NodaConverters.InstantConverter);
        options.Converters.Add(NodaConverters.RoundtripDurationConverter);
        options.Converters.Add(new JsonStringEnumConverter<Stage>());
        options.Converters.Add(new JsonStringEnumConverter<OrderStatus>());
        options.Converters.Add(new JsonStringEnumConverter<Party>());
        options.Converters.Add(new JsonStringEnumConverter<ActorRole>());
        options.Converters.Add(new JsonStringEnumConverter<ProductKind>());
        options.Converters.Add(new JsonStringEnumConverter<SupervisionAction>());
        options.Converters.Add(new JsonStringEnumConverter<SupervisionErrorCode>());
        options.Converters.Add(new JsonStringEnumConverter<SupervisionEventKind>());
        options.Converters.Add(new JsonStringEnumConverter<AppealOutcome>());
        options.TypeInfoResolverChain.Insert(0, SupervisionJsonContext.Default);
        return options;
    }
}
