namespace KooGallery.Supervision;

/// <summary>
/// Something the host should act on, such as notifying a party. Events are saved with the change
/// that raised them and handed to every registered <see cref="ISupervisionEventHandler"/> after the
/// change is saved. Delivery is at least once: use <see cref="Id"/> to ignore a repeat.
/// </summary>
public sealed record SupervisionEvent
{
    /// <summary>Gets the event's unique id, stable across redeliveries.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets what happened.</summary>
    public required SupervisionEventKind Kind { get; init; }

    /// <summary>Gets the order number of the flow.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>Gets when it happened (for timers, the instant the timer was due).</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Gets the flow version the change that raised the event produced.</summary>
    public required long FlowVersion { get; init; }

    /// <summary>Gets the buyer's id.</summary>
    public required string BuyerId { get; init; }

    /// <summary>Gets the seller's id.</summary>
    public required string SellerId { get; init; }

    /// <summary>Gets the flow's stage after the change.</summary>
    public required Stage Stage { get; init; }

    /// <summary>
    /// Gets the party the event concerns: the one to notify, or the one who stalled. <see cref="Party.Nobody"/> when
    /// the event is for both parties alike (<see cref="SupervisionEventKind.LongOpen"/>, the appeal's decision,
    /// completion and closing: notify the buyer and the seller, <see cref="BuyerId"/> and <see cref="SellerId"/>) or
    /// for the operations managers (<see cref="SupervisionEventKind.AppealOverdue"/>).
    /// </summary>
    public Party Concerns { get; init; }

    /// <summary>Gets a short text: the reason, decision or reminder context, when there is one.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// Gets the W3C <c>traceparent</c> of the activity that raised the event (the command's span, or the sweep's for
    /// a timer), or null when none was running. The span of each handler call links to it, so the handler that sends
    /// the e-mail can be traced to the command that caused it, even when a later sweep delivers the event.
    /// </summary>
    public string? TraceParent { get; init; }
}
