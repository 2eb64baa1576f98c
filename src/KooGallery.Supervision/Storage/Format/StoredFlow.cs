using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// A <see cref="ServiceFlow"/> as stores keep it: the members in the order they are written, each
/// optional one left out while it has no value. Pinned by the golden files of the tests.
/// </summary>
internal sealed record StoredFlow
{
    [JsonPropertyName("orderNumber")] public required string OrderNumber { get; init; }
    [JsonPropertyName("buyerId")] public required string BuyerId { get; init; }
    [JsonPropertyName("sellerId")] public required string SellerId { get; init; }
    [JsonPropertyName("productId")] public required string ProductId { get; init; }
    [JsonPropertyName("productKind")] public required ProductKind ProductKind { get; init; }

    /// <summary>Gets the amount as invariant text, keeping its scale ("1234.50").</summary>
    [JsonPropertyName("amountPaid")] public required string AmountPaid { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("placedAt")] public required Instant PlacedAt { get; init; }
    [JsonPropertyName("requestTemplate")] public required IReadOnlyList<StoredTemplateField> RequestTemplate { get; init; }
    [JsonPropertyName("deliveryTemplate")] public required IReadOnlyList<StoredTemplateField> DeliveryTemplate { get; init; }
    [JsonPropertyName("policyVersion")] public required string PolicyVersion { get; init; }
    [JsonPropertyName("version")] public required long Version { get; init; }
    [JsonPropertyName("stage")] public required Stage Stage { get; init; }
    [JsonPropertyName("requestRejections")] public required int RequestRejections { get; init; }
    [JsonPropertyName("deliveryRejections")] public required int DeliveryRejections { get; init; }
    [JsonPropertyName("idleSince")] public Instant? IdleSince { get; init; }
    [JsonPropertyName("stallDueAt")] public Instant? StallDueAt { get; init; }
    [JsonPropertyName("stallRaised")] public required bool StallRaised { get; init; }
    [JsonPropertyName("lastReminderAt")] public Instant? LastReminderAt { get; init; }
    [JsonPropertyName("deliveredAt")] public Instant? DeliveredAt { get; init; }
    [JsonPropertyName("enablingInstant")] public Instant? EnablingInstant { get; init; }
    [JsonPropertyName("acceptedAt")] public Instant? AcceptedAt { get; init; }
    [JsonPropertyName("serviceStart")] public Instant? ServiceStart { get; init; }
    [JsonPropertyName("completionDueAt")] public Instant? CompletionDueAt { get; init; }
    [JsonPropertyName("completionRemaining")] public Duration? CompletionRemaining { get; init; }
    [JsonPropertyName("longOpenDueAt")] public required Instant LongOpenDueAt { get; init; }
    [JsonPropertyName("longOpenRaised")] public required bool LongOpenRaised { get; init; }
    [JsonPropertyName("appeal")] public StoredAppeal? Appeal { get; init; }
    [JsonPropertyName("completedAt")] public Instant? CompletedAt { get; init; }
    [JsonPropertyName("closedAt")] public Instant? ClosedAt { get; init; }
    [JsonPropertyName("lastSequence")] public required long LastSequence { get; init; }
    [JsonPropertyName("createdAt")] public required Instant CreatedAt { get; init; }

    public static StoredFlow From(ServiceFlow flow) => new()
    {
        OrderNumber = flow.OrderNumber,
        BuyerId = flow.BuyerId,
        SellerId = flow.SellerId,
        ProductId = flow.ProductId,
        ProductKind = flow.ProductKind,
        AmountPaid = StoredValues.FormatAmount(flow.AmountPaid),
        Currency = flow.Currency,
        PlacedAt = flow.PlacedAt,
        RequestTemplate = StoredValues.Template(flow.RequestTemplate),
        DeliveryTemplate = StoredValues.Template(flow.DeliveryTemplate),
        PolicyVersion = flow.PolicyVersion,
        Version = flow.Version,
        Stage = flow.Stage,
        RequestRejections = flow.RequestRejections,
        DeliveryRejections = flow.DeliveryRejections,
        IdleSince = flow.IdleSince,
        StallDueAt = flow.StallDueAt,
        StallRaised = flow.StallRaised,
        LastReminderAt = flow.LastReminderAt,
        DeliveredAt = flow.DeliveredAt,
        EnablingInstant = flow.EnablingInstant,
        AcceptedAt = flow.AcceptedAt,
        ServiceStart = flow.ServiceStart,
        CompletionDueAt = flow.CompletionDueAt,
        CompletionRemaining = flow.CompletionRemaining,
        LongOpenDueAt = flow.LongOpenDueAt,
        LongOpenRaised = flow.LongOpenRaised,
        Appeal = flow.Appeal is { } appeal ? StoredAppeal.From(appeal) : null,
        CompletedAt = flow.CompletedAt,
        ClosedAt = flow.ClosedAt,
        LastSequence = flow.LastSequence,
        CreatedAt = flow.CreatedAt,
    };

    public ServiceFlow ToFlow() => new()
    {
        OrderNumber = OrderNumber,
        BuyerId = BuyerId,
        SellerId = SellerId,
        ProductId = ProductId,
        ProductKind = StoredValues.Defined(ProductKind),
        AmountPaid = StoredValues.ParseAmount(AmountPaid),
        Currency = Currency,
        PlacedAt = PlacedAt,
        RequestTemplate = StoredValues.Template(RequestTemplate),
        DeliveryTemplate = StoredValues.Template(DeliveryTemplate),
        PolicyVersion = PolicyVersion,
        Version = Version,
        Stage = StoredValues.Defined(Stage),
        RequestRejections = RequestRejections,
        DeliveryRejections = DeliveryRejections,
        IdleSince = IdleSince,
        StallDueAt = StallDueAt,
        StallRaised = StallRaised,
        LastReminderAt = LastReminderAt,
        DeliveredAt = DeliveredAt,
        EnablingInstant = EnablingInstant,
        AcceptedAt = AcceptedAt,
        ServiceStart = ServiceStart,
        CompletionDueAt = CompletionDueAt,
        CompletionRemaining = CompletionRemaining,
        LongOpenDueAt = LongOpenDueAt,
        LongOpenRaised = LongOpenRaised,
        Appeal = Appeal?.ToAppeal(),
        CompletedAt = CompletedAt,
        ClosedAt = ClosedAt,
        LastSequence = LastSequence,
        CreatedAt = CreatedAt,
    };
}
