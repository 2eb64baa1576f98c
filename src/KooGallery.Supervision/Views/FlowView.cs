using System.Collections.Generic;
using NodaTime;

namespace KooGallery.Supervision;

/// <summary>
/// What one actor sees of a flow at one instant (the view, R28): stage, order status, counts, whom it waits
/// on and for how long, stall, completion, the open appeal, the records, and the actions the
/// actor may take now (to drive buttons).
/// </summary>
public sealed record FlowView
{
    /// <summary>Gets the stored flow the view was built from, with every due timer applied.</summary>
    public required ServiceFlow Flow { get; init; }

    /// <summary>Gets the actor the view was built for.</summary>
    public required Actor Viewer { get; init; }

    /// <summary>Gets the instant the view describes.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>Gets the order number.</summary>
    public string OrderNumber => Flow.OrderNumber;

    /// <summary>Gets the stage.</summary>
    public Stage Stage => Flow.Stage;

    /// <summary>Gets the derived order status (the order status, R7).</summary>
    public OrderStatus Status => Flow.Status;

    /// <summary>Gets the request-rejection count.</summary>
    public int RequestRejections => Flow.RequestRejections;

    /// <summary>Gets the delivery-rejection count.</summary>
    public int DeliveryRejections => Flow.DeliveryRejections;

    /// <summary>Gets whom the flow waits on (waiting and the idle clock, R16).</summary>
    public Party WaitingOn => Flow.WaitingOn;

    /// <summary>Gets how long the waited-on party has been idle; zero while the idle clock does not run.</summary>
    public Duration IdleFor => Flow.IdleFor(AsOf);

    /// <summary>Gets whether the waited-on party has stalled (stalls, R18).</summary>
    public bool IsStalled => Flow.IsStalledAt(AsOf);

    /// <summary>Gets when completion is due, or null when none is pending or it is paused (completion, R15; the appeal freeze, R20).</summary>
    public Instant? CompletionDueAt => Flow.CompletionDueAt;

    /// <summary>Gets the open appeal, if any.</summary>
    public Appeal? Appeal => Flow.Appeal;

    /// <summary>Gets whether the flow is frozen by an open appeal.</summary>
    public bool IsFrozen => Flow.IsFrozen;

    /// <summary>Gets the service start, once the delivery is accepted (the service start, R14).</summary>
    public Instant? ServiceStart => Flow.ServiceStart;

    /// <summary>Gets the operation records in sequence order (operation records, R26).</summary>
    public required IReadOnlyList<OperationRecord> Records { get; init; }

    /// <summary>Gets the actions <see cref="Viewer"/> may take now.</summary>
    public required IReadOnlyList<SupervisionAction> PermittedActions { get; init; }

    /// <summary>
    /// Gets, for a buyer or seller viewer, how far each of its appeal conditions is from holding
    /// (the buyer's appeal, R21; the seller's appeal, R22); empty for other viewers and final flows.
    /// </summary>
    public required IReadOnlyList<ConditionProgress> AppealConditions { get; init; }

    /// <summary>Gets when the buyer may next send a reminder, while the flow waits on the seller (reminders, R17).</summary>
    public Instant? NextReminderAllowedAt { get; init; }

    /// <summary>Describes the view in one line: the flow, the viewer and what the viewer may do.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Flow} as seen by {Viewer} at {AsOf}: {Records.Count} records, may {(PermittedActions.Count == 0 ? "do nothing now" : string.Join(", ", PermittedActions))}");
}
