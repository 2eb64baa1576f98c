namespace KooGallery.Supervision;

/// <summary>
/// What one actor sees of a flow at one instant (the view, R28): the order, the stage, the order status, the counts,
/// whom it waits on and since when, the stall, completion and billing, the open appeal, the records, and the actions
/// the actor may take now (to drive buttons). It holds only what a party of the flow may see: nothing the library
/// keeps for its own use (timer instants, fingerprints), so a host may return it to a buyer or a seller as it is.
/// </summary>
/// <remarks>
/// Instances are immutable snapshots; every value is fixed when the view is built, at <see cref="AsOf"/>. The view
/// serializes with <see cref="SupervisionJson.Options"/> and reads back equal, instants to the nanosecond.
/// </remarks>
public sealed record FlowView
{
    /// <summary>Gets the actor the view was built for.</summary>
    public required Actor Viewer { get; init; }

    /// <summary>Gets the instant the view describes.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>Gets the order number.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>Gets the buyer's id.</summary>
    public required string BuyerId { get; init; }

    /// <summary>Gets the seller's id.</summary>
    public required string SellerId { get; init; }

    /// <summary>Gets the product's id.</summary>
    public required string ProductId { get; init; }

    /// <summary>Gets the product kind.</summary>
    public required ProductKind ProductKind { get; init; }

    /// <summary>Gets when the order was placed.</summary>
    public required Instant PlacedAt { get; init; }

    /// <summary>Gets the version name of the policy the flow keeps (policy versions, R33).</summary>
    public required string PolicyVersion { get; init; }

    /// <summary>
    /// Gets the flow's version; every saved change adds one (concurrency, R31). Give it back as
    /// <see cref="SupervisionCommand.ExpectedVersion"/> to act only on the state the view shows.
    /// </summary>
    public required long Version { get; init; }

    /// <summary>Gets the stage.</summary>
    public required Stage Stage { get; init; }

    /// <summary>Gets the derived order status (the order status, R7).</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>Gets whether the flow is frozen by an open appeal (the appeal freeze, R20).</summary>
    public required bool IsFrozen { get; init; }

    /// <summary>Gets the open appeal, if any.</summary>
    public Appeal? Appeal { get; init; }

    /// <summary>
    /// Gets whom the flow waits on (waiting and the idle clock, R16): by its stage, and the operations managers
    /// whatever the stage while an appeal is open.
    /// </summary>
    public required Party WaitingOn { get; init; }

    /// <summary>
    /// Gets since when the flow has waited on <see cref="WaitingOn"/> without that party acting: the start of the
    /// idle clock (waiting and the idle clock, R16), or, while an appeal is open, when it was opened. Null when the
    /// flow waits on nobody.
    /// </summary>
    public Instant? WaitingSince { get; init; }

    /// <summary>Gets how long the waited-on buyer or seller has been idle; zero while the idle clock does not run (during an appeal, too).</summary>
    public required Duration IdleFor { get; init; }

    /// <summary>Gets whether the waited-on party has stalled (stalls, R18).</summary>
    public required bool IsStalled { get; init; }

    /// <summary>Gets when the buyer may next send a reminder, while the flow waits on the seller (reminders, R17).</summary>
    public Instant? NextReminderAllowedAt { get; init; }

    /// <summary>Gets when the buyer last submitted the request (submitting a request, R8), or null while none was submitted.</summary>
    public Instant? RequestSubmittedAt { get; init; }

    /// <summary>Gets the request-rejection count.</summary>
    public required int RequestRejections { get; init; }

    /// <summary>Gets when the seller last delivered, or null while nothing was delivered.</summary>
    public Instant? DeliveredAt { get; init; }

    /// <summary>Gets the delivery-rejection count.</summary>
    public required int DeliveryRejections { get; init; }

    /// <summary>Gets when the buyer accepted the delivery (the verdict on a delivery, R13), or null while not accepted.</summary>
    public Instant? AcceptedAt { get; init; }

    /// <summary>
    /// Gets the service start (the service start, R14), once a delivery is accepted, or once an appeal decision
    /// completes the flow without one (then the enabling instant of its last delivery, else the decision's instant).
    /// </summary>
    public Instant? ServiceStart { get; init; }

    /// <summary>Gets when completion is due, or null when none is pending or it is paused (completion, R15; the appeal freeze, R20).</summary>
    public Instant? CompletionDueAt { get; init; }

    /// <summary>Gets when the flow completed (completion, R15), or null.</summary>
    public Instant? CompletedAt { get; init; }

    /// <summary>
    /// Gets whether the order is billable: true once the flow has completed (completion, R15), which is final. A
    /// flow that is still processing, or that was closed without completion, is not billable.
    /// </summary>
    public required bool IsBillable { get; init; }

    /// <summary>Gets when the flow was closed (an appeal decided Close, R24), or null.</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>Gets the operation records in sequence order (operation records, R26).</summary>
    public required IReadOnlyList<OperationRecord> Records { get; init; }

    /// <summary>Gets the actions <see cref="Viewer"/> may take now.</summary>
    public required IReadOnlyList<SupervisionAction> PermittedActions { get; init; }

    /// <summary>
    /// Gets, for a buyer or seller viewer, how far each of its appeal conditions is from holding
    /// (the buyer's appeal, R21; the seller's appeal, R22); empty for other viewers and final flows.
    /// </summary>
    public required IReadOnlyList<ConditionProgress> AppealConditions { get; init; }

    /// <summary>Describes the view in one line: the flow, the viewer and what the viewer may do.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Order {OrderNumber} ({ProductKind}, buyer '{BuyerId}', seller '{SellerId}'): {Stage}{(IsFrozen ? " (frozen by an appeal)" : string.Empty)}, {Status}, version {Version}, request rejections {RequestRejections}, delivery rejections {DeliveryRejections}, waiting on {WaitingOn} as seen by {Viewer} at {AsOf}: {Records.Count} records, may {(PermittedActions.Count == 0 ? "do nothing now" : string.Join(", ", PermittedActions))}");
}
