using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// A <see cref="SupervisionEvent"/> as stored in the outbox; the text and the trace context of the command that
/// raised it are left out when there are none.
/// </summary>
internal sealed record StoredEvent
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("kind")] public required SupervisionEventKind Kind { get; init; }
    [JsonPropertyName("orderNumber")] public required string OrderNumber { get; init; }
    [JsonPropertyName("occurredAt")] public required Instant OccurredAt { get; init; }
    [JsonPropertyName("flowVersion")] public required long FlowVersion { get; init; }
    [JsonPropertyName("buyerId")] public required string BuyerId { get; init; }
    [JsonPropertyName("sellerId")] public required string SellerId { get; init; }
    [JsonPropertyName("stage")] public required Stage Stage { get; init; }
    [JsonPropertyName("concerns")] public required Party Concerns { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("traceParent")] public string? TraceParent { get; init; }

    public static StoredEvent From(SupervisionEvent supervisionEvent) => new()
    {
        Id = supervisionEvent.Id,
        Kind = supervisionEvent.Kind,
        OrderNumber = supervisionEvent.OrderNumber,
        OccurredAt = supervisionEvent.OccurredAt,
        FlowVersion = supervisionEvent.FlowVersion,
        BuyerId = supervisionEvent.BuyerId,
        SellerId = supervisionEvent.SellerId,
        Stage = supervisionEvent.Stage,
        Concerns = supervisionEvent.Concerns,
        Text = supervisionEvent.Text,
        TraceParent = supervisionEvent.TraceParent,
    };

    public SupervisionEvent ToEvent() => new()
    {
        Id = Id,
        Kind = StoredValues.Defined(Kind),
        OrderNumber = OrderNumber,
        OccurredAt = OccurredAt,
        FlowVersion = FlowVersion,
        BuyerId = BuyerId,
        SellerId = SellerId,
        Stage = StoredValues.Defined(Stage),
        Concerns = StoredValues.Defined(Concerns),
        Text = Text,
        TraceParent = TraceParent,
    };
}
