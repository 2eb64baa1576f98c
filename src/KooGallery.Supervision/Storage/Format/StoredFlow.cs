using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// A <see cref="ServiceFlow"/> as stores keep it: the members in the order they are written, each
/// optional one left out while it has no value. Pinned by the golden files of the tests.
/// </summary>
/// <remarks>
/// The members are settable and marked <see cref="JsonRequiredAttribute"/> rather than C#'s <c>required</c>: the
/// source-generated reader builds a type with required or init-only members through its constructor-argument path,
/// which boxes every value it reads (about 400 bytes more for each flow a command loads). A missing member is still
/// refused, and <see cref="Fill"/> sets every one (the golden files would show one left out), so a shape can be filled
/// again for the next document (<see cref="StoredDocumentFormat{T}"/> writes through one per thread).
/// </remarks>
internal sealed class StoredFlow
{
    [JsonPropertyName("orderNumber"), JsonRequired] public string OrderNumber { get; set; } = null!;
    [JsonPropertyName("buyerId"), JsonRequired] public string BuyerId { get; set; } = null!;
    [JsonPropertyName("sellerId"), JsonRequired] public string SellerId { get; set; } = null!;
    [JsonPropertyName("productId"), JsonRequired] public string ProductId { get; set; } = null!;
    [JsonPropertyName("productKind"), JsonRequired] public ProductKind ProductKind { get; set; }

    /// <summary>Gets the amount, stored as invariant text keeping its scale ("1234.50").</summary>
    [JsonPropertyName("amountPaid"), JsonRequired, JsonConverter(typeof(StoredAmountConverter))] public decimal AmountPaid { get; set; }
    [JsonPropertyName("currency"), JsonRequired] public string Currency { get; set; } = null!;
    [JsonPropertyName("placedAt"), JsonRequired] public Instant PlacedAt { get; set; }
    [JsonPropertyName("requestTemplate"), JsonRequired, JsonConverter(typeof(StoredTemplateConverter))] public IReadOnlyList<TemplateField> RequestTemplate { get; set; } = null!;
    [JsonPropertyName("deliveryTemplate"), JsonRequired, JsonConverter(typeof(StoredTemplateConverter))] public IReadOnlyList<TemplateField> DeliveryTemplate { get; set; } = null!;
    [JsonPropertyName("policyVersion"), JsonRequired] public string PolicyVersion { get; set; } = null!;
    [JsonPropertyName("version"), JsonRequired] public long Version { get; set; }
    [JsonPropertyName("stage"), JsonRequired] public Stage Stage { get; set; }
    [JsonPropertyName("requestRejections"), JsonRequired] public int RequestRejections { get; set; }
    [JsonPropertyName("deliveryRejections"), JsonRequired] public int DeliveryRejections { get; set; }
    [JsonPropertyName("idleSince")] public Instant? IdleSince { get; set; }
    [JsonPropertyName("stallDueAt")] public Instant? StallDueAt { get; set; }
    [JsonPropertyName("stallRaised"), JsonRequired] public bool StallRaised { get; set; }
    [JsonPropertyName("lastReminderAt")] public Instant? LastReminderAt { get; set; }
    [JsonPropertyName("deliveredAt")] public Instant? DeliveredAt { get; set; }
    [JsonPropertyName("enablingInstant")] public Instant? EnablingInstant { get; set; }
    [JsonPropertyName("acceptedAt")] public Instant? AcceptedAt { get; set; }
    [JsonPropertyName("serviceStart")] public Instant? ServiceStart { get; set; }
    [JsonPropertyName("completionDueAt")] public Instant? CompletionDueAt { get; set; }
    [JsonPropertyName("completionRemaining")] public Duration? CompletionRemaining { get; set; }
    [JsonPropertyName("longOpenDueAt"), JsonRequired] public Instant LongOpenDueAt { get; set; }
    [JsonPropertyName("longOpenRaised"), JsonRequired] public bool LongOpenRaised { get; set; }
    [JsonPropertyName("appeal")] public StoredAppeal? Appeal { get; set; }
    [JsonPropertyName("completedAt")] public Instant? CompletedAt { get; set; }
    [JsonPropertyName("closedAt")] public Instant? ClosedAt { get; set; }
    [JsonPropertyName("lastSequence"), JsonRequired] public long LastSequence { get; set; }
    [JsonPropertyName("createdAt"), JsonRequired] public Instant CreatedAt { get; set; }

    /// <summary>Sets every member of <paramref name="stored"/> from <paramref name="flow"/>; returns <paramref name="stored"/>.</summary>
    public static StoredFlow Fill(StoredFlow stored, ServiceFlow flow)
    {
        stored.OrderNumber = flow.OrderNumber;
        stored.BuyerId = flow.BuyerId;
        stored.SellerId = flow.SellerId;
        stored.ProductId = flow.ProductId;
        stored.ProductKind = flow.ProductKind;
        stored.AmountPaid = flow.AmountPaid;
        stored.Currency = flow.Currency;
        stored.PlacedAt = flow.PlacedAt;
        stored.RequestTemplate = flow.RequestTemplate;
        stored.DeliveryTemplate = flow.DeliveryTemplate;
        stored.PolicyVersion = flow.PolicyVersion;
        stored.Version = flow.Version;
        stored.Stage = flow.Stage;
        stored.RequestRejections = flow.RequestRejections;
        stored.DeliveryRejections = flow.DeliveryRejections;
        stored.IdleSince = flow.IdleSince;
        stored.StallDueAt = flow.StallDueAt;
        stored.StallRaised = flow.StallRaised;
        stored.LastReminderAt = flow.LastReminderAt;
        stored.DeliveredAt = flow.DeliveredAt;
        stored.EnablingInstant = flow.EnablingInstant;
        stored.AcceptedAt = flow.AcceptedAt;
        stored.ServiceStart = flow.ServiceStart;
        stored.CompletionDueAt = flow.CompletionDueAt;
        stored.CompletionRemaining = flow.CompletionRemaining;
        stored.LongOpenDueAt = flow.LongOpenDueAt;
        stored.LongOpenRaised = flow.LongOpenRaised;
        stored.Appeal = flow.Appeal is { } appeal ? StoredAppeal.From(appeal) : null;
        stored.CompletedAt = flow.CompletedAt;
        stored.ClosedAt = flow.ClosedAt;
        stored.LastSequence = flow.LastSequence;
        stored.CreatedAt = flow.CreatedAt;
        return stored;
    }

    public ServiceFlow ToFlow() => new()
    {
        OrderNumber = OrderNumber,
        BuyerId = BuyerId,
        SellerId = SellerId,
        ProductId = ProductId,
        ProductKind = ProductKind,
        AmountPaid = AmountPaid,
        Currency = Currency,
        PlacedAt = PlacedAt,
        RequestTemplate = RequestTemplate,
        DeliveryTemplate = DeliveryTemplate,
        PolicyVersion = PolicyVersion,
        Version = Version,
        Stage = Stage,
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
