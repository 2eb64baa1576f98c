using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// A <see cref="SupervisionEvent"/> as stored in the outbox; the text and the trace context of the command that
/// raised it are left out when there are none.
/// </summary>
/// <remarks>Settable members with <see cref="JsonRequiredAttribute"/>, for the reasons <see cref="StoredFlow"/> gives.</remarks>
internal sealed class StoredEvent
{
    [JsonPropertyName("id"), JsonRequired] public Guid Id { get; set; }
    [JsonPropertyName("kind"), JsonRequired] public SupervisionEventKind Kind { get; set; }
    [JsonPropertyName("orderNumber"), JsonRequired] public string OrderNumber { get; set; } = null!;
    [JsonPropertyName("occurredAt"), JsonRequired] public Instant OccurredAt { get; set; }
    [JsonPropertyName("flowVersion"), JsonRequired] public long FlowVersion { get; set; }
    [JsonPropertyName("buyerId"), JsonRequired] public string BuyerId { get; set; } = null!;
    [JsonPropertyName("sellerId"), JsonRequired] public string SellerId { get; set; } = null!;
    [JsonPropertyName("stage"), JsonRequired] public Stage Stage { get; set; }
    [JsonPropertyName("concerns"), JsonRequired] public Party Concerns { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("traceParent")] public string? TraceParent { get; set; }

    /// <summary>Sets every member of <paramref name="stored"/> from <paramref name="supervisionEvent"/>; returns <paramref name="stored"/>.</summary>
    public static StoredEvent Fill(StoredEvent stored, SupervisionEvent supervisionEvent)
    {
        stored.Id = supervisionEvent.Id;
        stored.Kind = supervisionEvent.Kind;
        stored.OrderNumber = supervisionEvent.OrderNumber;
        stored.OccurredAt = supervisionEvent.OccurredAt;
        stored.FlowVersion = supervisionEvent.FlowVersion;
        stored.BuyerId = supervisionEvent.BuyerId;
        stored.SellerId = supervisionEvent.SellerId;
        stored.Stage = supervisionEvent.Stage;
        stored.Concerns = supervisionEvent.Concerns;
        stored.Text = supervisionEvent.Text;
        stored.TraceParent = supervisionEvent.TraceParent;
        return stored;
    }

    public SupervisionEvent ToEvent() => new()
    {
        Id = Id,
        Kind = Kind,
        OrderNumber = OrderNumber,
        OccurredAt = OccurredAt,
        FlowVersion = FlowVersion,
        BuyerId = BuyerId,
        SellerId = SellerId,
        Stage = Stage,
        Concerns = Concerns,
        Text = Text,
        TraceParent = TraceParent,
    };
}
