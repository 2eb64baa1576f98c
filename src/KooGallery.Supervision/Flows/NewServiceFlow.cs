namespace KooGallery.Supervision;

/// <summary>
/// The data of a paid supervised order from which a flow is created (creation, R2). Creating a flow twice
/// with equal data returns the existing flow; with different data it is a Conflict (creating twice, R3).
/// </summary>
public sealed record NewServiceFlow
{
    /// <summary>
    /// Gets the order number; it becomes the flow's id. Like every id: not blank, at most
    /// <see cref="ServiceSupervisor.MaxIdLength"/> characters, no control or invisible format character.
    /// </summary>
    public required string OrderNumber { get; init; }

    /// <summary>Gets the buyer's id.</summary>
    public required string BuyerId { get; init; }

    /// <summary>Gets the seller's id.</summary>
    public required string SellerId { get; init; }

    /// <summary>Gets the product's id.</summary>
    public required string ProductId { get; init; }

    /// <summary>Gets the product kind; with the policy it decides the first stage (the starting stage, R5).</summary>
    public required ProductKind ProductKind { get; init; }

    /// <summary>Gets the amount paid; from 0 to <see cref="MaxAmountPaid"/>.</summary>
    public required decimal AmountPaid { get; init; }

    /// <summary>The largest amount paid accepted: 10^15 in any currency.</summary>
    public const decimal MaxAmountPaid = 1_000_000_000_000_000m;

    /// <summary>
    /// Gets the currency of the amount, as an ISO 4217 code such as "CNY": exactly three upper-case letters A to Z.
    /// It is kept as given, never normalized: "cny" is refused rather than changed.
    /// </summary>
    public required string Currency { get; init; }

    /// <summary>
    /// Gets when the order was placed; it selects the policy version (policy versions, R33). From <see
    /// cref="MinPlacedAt"/> to <see cref="MaxPlacedAt"/> (years 1900 to 2199).
    /// </summary>
    public required Instant PlacedAt { get; init; }

    /// <summary>
    /// Gets the earliest placement accepted: 1900-01-01T00:00:00Z. With <see cref="MaxPlacedAt"/> it keeps every
    /// instant a flow stores (placement, and its timers up to the longest policy periods later) exact in every store.
    /// </summary>
    public static Instant MinPlacedAt { get; } = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <summary>Gets the latest placement accepted: the last instant of the year 2199 (UTC).</summary>
    public static Instant MaxPlacedAt { get; } = Instant.FromUtc(2200, 1, 1, 0, 0) - Duration.Epsilon;

    /// <summary>Gets whether the order renews an earlier one: renewals get no flow (no flow for renewals, R4).</summary>
    public bool IsRenewal { get; init; }

    /// <summary>
    /// Gets the fields of the product's request template, if it has one: at most
    /// <see cref="SupervisionPolicy.MaxTemplateFields"/> fields with unique names.
    /// </summary>
    public IReadOnlyList<TemplateField>? RequestTemplate { get; init; }

    /// <summary>
    /// Gets the acceptance criteria of the product's delivery template, if it has one: at most
    /// <see cref="SupervisionPolicy.MaxTemplateFields"/> fields with unique names.
    /// </summary>
    public IReadOnlyList<TemplateField>? DeliveryTemplate { get; init; }
}
