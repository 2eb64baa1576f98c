using System.Collections.Generic;
using NodaTime;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// A <see cref="ServiceFlow"/> as stores keep it: the members in the order they are written, each
/// optional one left out while it has no value. Pinned by the golden files of the tests.
/// </summary>
internal sealed record StoredFlow
{
    public required string OrderNumber { get; init; }

    public required string BuyerId { get; init; }

    public required string SellerId { get; init; }

    public required string ProductId { get; init; }

    public required ProductKind ProductKind { get; init; }

    /// <summary>Gets the amount as invariant text, keeping its scale ("1234.50").</summary>
    public required string AmountPaid { get; init; }

    public required string Currency { get; init; }

    public required Instant PlacedAt { get; init; }

    public required IReadOnlyList<StoredTemplateField> RequestTemplate { get; init; }

    public required IReadOnlyList<StoredTemplateField> DeliveryTemplate { get; init; }

    public required string PolicyVersion { get; init; }

    public required long Version { get; init; }

    public required Stage Stage { get; init; }

    public required int RequestRejections { get; init; }

    public required int DeliveryRejections { get; init; }

    public Instant? IdleSince { get; init; }

    public Instant? StallDueAt { get; init; }

    public required bool StallRaised { get; init; }

    public Instant? LastReminderAt { get; init; }

    public Instant? DeliveredAt { get; init; }

    public Instant? EnablingInstant { get; init; }

    public Instant? AcceptedAt { get; init; }

    public Instant? ServiceStart { get; init; }

    public Instant? CompletionDueAt { get; init; }

    public Duration? CompletionRemaining { get; init; }

    public required Instant LongOpenDueAt { get; init; }

    public required bool LongOpenRaised { get; init; }

    public StoredAppeal? Appeal { get; init; }

    public Instant? CompletedAt { get; init; }

    public Instant? ClosedAt { get; init; }

    public required long LastSequence { get; init; }

    public required Instant CreatedAt { get; init; }

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
        RequestTemplate = StoredTemplateField.From(flow.RequestTemplate),
        DeliveryTemplate = StoredTemplateField.From(flow.DeliveryTemplate),
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
        RequestTemplate = StoredTemplateField.ToTemplate(RequestTemplate),
        DeliveryTemplate = StoredTemplateField.ToTemplate(DeliveryTemplate),
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
