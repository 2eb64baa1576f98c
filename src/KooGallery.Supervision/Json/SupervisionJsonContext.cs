using System.Text.Json;
using System.Text.Json.Serialization;

namespace KooGallery.Supervision;

/// <summary>
/// The source-generated JSON metadata of the public types a host returns or reads (views, summaries, pages, cursors,
/// queries, records, outcomes, refusals, events, and the data of a new flow). Used through
/// <see cref="SupervisionJson"/>, which adds NodaTime's converters and the enums as strings; it is not the stored
/// format of a store, which is <see cref="SupervisionStorageFormat"/>'s own.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FlowView))]
[JsonSerializable(typeof(FlowSummary))]
[JsonSerializable(typeof(FlowPage))]
[JsonSerializable(typeof(FlowCursor))]
[JsonSerializable(typeof(FlowQuery))]
[JsonSerializable(typeof(OperationRecord))]
[JsonSerializable(typeof(IReadOnlyList<OperationRecord>))]
[JsonSerializable(typeof(IReadOnlyList<SupervisionAction>))]
[JsonSerializable(typeof(CommandOutcome))]
[JsonSerializable(typeof(SupervisionError))]
[JsonSerializable(typeof(FieldError))]
[JsonSerializable(typeof(ConditionProgress))]
[JsonSerializable(typeof(IReadOnlyList<ConditionProgress>))]
[JsonSerializable(typeof(IReadOnlyList<FieldError>))]
[JsonSerializable(typeof(Appeal))]
[JsonSerializable(typeof(Actor))]
[JsonSerializable(typeof(NewServiceFlow))]
[JsonSerializable(typeof(SupervisionEvent))]
[JsonSerializable(typeof(ProofReference))]
[JsonSerializable(typeof(TemplateField))]
[JsonSerializable(typeof(NodaTime.Instant))]
[JsonSerializable(typeof(NodaTime.Duration))]
internal sealed partial class SupervisionJsonContext : JsonSerializerContext
{
}
