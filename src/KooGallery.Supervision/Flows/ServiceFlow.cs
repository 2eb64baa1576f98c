namespace KooGallery.Supervision;

/// <summary>
/// The stored state of one service flow: the paid order it supervises (creation, R2), its stage, counters,
/// clocks and timers. It is what a store keeps; hosts read flows through
/// <see cref="FlowView"/> instead.
/// </summary>
/// <remarks>
/// An instance handed out by the library or a store is a snapshot and is never changed
/// afterwards; the library copies it before applying a change. Safe to read from many threads.
/// </remarks>
public sealed class ServiceFlow
{
    // Optional instants and durations are kept as plain values plus one bit each in a mask, not as
    // nullable structs: an idle flow then keeps about 100 bytes less (see docs/benchmarks.md).
    private Instant _idleSince;
    private Instant _stallDueAt;
    private Instant _lastReminderAt;
    private Instant _deliveredAt;
    private Instant _enablingInstant;
    private Instant _acceptedAt;
    private Instant _serviceStart;
    private Instant _completionDueAt;
    private Duration _completionRemaining;
    private Instant _completedAt;
    private Instant _closedAt;
    private int _present;

    internal ServiceFlow()
    {
    }

    /// <summary>Gets the order number, which is the flow's id.</summary>
    public string OrderNumber { get; internal set; } = string.Empty;

    /// <summary>Gets the buyer's id.</summary>
    public string BuyerId { get; internal set; } = string.Empty;

    /// <summary>Gets the seller's id.</summary>
    public string SellerId { get; internal set; } = string.Empty;

    /// <summary>Gets the product's id.</summary>
    public string ProductId { get; internal set; } = string.Empty;

    /// <summary>Gets the product kind.</summary>
    public ProductKind ProductKind { get; internal set; }

    /// <summary>Gets the amount paid.</summary>
    public decimal AmountPaid { get; internal set; }

    /// <summary>Gets the currency of <see cref="AmountPaid"/> (an ISO 4217 code).</summary>
    public string Currency { get; internal set; } = string.Empty;

    /// <summary>Gets when the order was placed; it selects the policy (policy versions, R33).</summary>
    public Instant PlacedAt { get; internal set; }

    /// <summary>Gets the fields of the product's request template (submitting a request, R8).</summary>
    public IReadOnlyList<TemplateField> RequestTemplate { get; internal set; } = [];

    /// <summary>Gets the acceptance criteria of the product's delivery template (delivery with proof, R12).</summary>
    public IReadOnlyList<TemplateField> DeliveryTemplate { get; internal set; } = [];

    /// <summary>Gets the version name of the policy the flow keeps (policy versions, R33).</summary>
    public string PolicyVersion { get; internal set; } = string.Empty;

    /// <summary>Gets the flow's version; every saved change adds one (concurrency, R31).</summary>
    public long Version { get; internal set; }

    /// <summary>Gets the current stage (the stages, R6).</summary>
    public Stage Stage { get; internal set; }

    /// <summary>Gets the number of times the seller returned the request (reviewing a request, R9).</summary>
    public int RequestRejections { get; internal set; }

    /// <summary>Gets the number of times the buyer rejected a delivery (the verdict on a delivery, R13).</summary>
    public int DeliveryRejections { get; internal set; }

    /// <summary>Gets when the idle clock of the waited-on party started (waiting and the idle clock, R16); null while it does not run.</summary>
    public Instant? IdleSince
    {
        get => (_present & (1 << 0)) != 0 ? _idleSince : null;
        internal set => Set(ref _idleSince, value, 0);
    }

    /// <summary>Gets from when the waited-on party counts as stalled (stalls, R18); null while the idle clock does not run.</summary>
    public Instant? StallDueAt
    {
        get => (_present & (1 << 1)) != 0 ? _stallDueAt : null;
        internal set => Set(ref _stallDueAt, value, 1);
    }

    /// <summary>Gets whether the stall event of the current idle episode was raised (stalls, R18).</summary>
    public bool StallRaised { get; internal set; }

    /// <summary>Gets when the buyer last sent a reminder (reminders, R17).</summary>
    public Instant? LastReminderAt
    {
        get => (_present & (1 << 2)) != 0 ? _lastReminderAt : null;
        internal set => Set(ref _lastReminderAt, value, 2);
    }

    /// <summary>Gets when the seller last delivered.</summary>
    public Instant? DeliveredAt
    {
        get => (_present & (1 << 3)) != 0 ? _deliveredAt : null;
        internal set => Set(ref _deliveredAt, value, 3);
    }

    /// <summary>Gets the actual service enabling instant given with the last delivery, if any (delivery with proof, R12).</summary>
    public Instant? EnablingInstant
    {
        get => (_present & (1 << 4)) != 0 ? _enablingInstant : null;
        internal set => Set(ref _enablingInstant, value, 4);
    }

    /// <summary>Gets when the buyer accepted the delivery.</summary>
    public Instant? AcceptedAt
    {
        get => (_present & (1 << 5)) != 0 ? _acceptedAt : null;
        internal set => Set(ref _acceptedAt, value, 5);
    }

    /// <summary>
    /// Gets the service start (the service start, R14): the enabling instant of the accepted delivery, else the
    /// acceptance instant; for a flow an appeal decision completed without an accepted delivery, the enabling instant
    /// of its last delivery, else the decision's instant.
    /// </summary>
    public Instant? ServiceStart
    {
        get => (_present & (1 << 6)) != 0 ? _serviceStart : null;
        internal set => Set(ref _serviceStart, value, 6);
    }

    /// <summary>Gets when the pending completion is due (completion, R15); null when none is pending or it is paused.</summary>
    public Instant? CompletionDueAt
    {
        get => (_present & (1 << 7)) != 0 ? _completionDueAt : null;
        internal set => Set(ref _completionDueAt, value, 7);
    }

    /// <summary>Gets the remaining time of a completion paused by an appeal (the appeal freeze, R20).</summary>
    public Duration? CompletionRemaining
    {
        get => (_present & (1 << 8)) != 0 ? _completionRemaining : null;
        internal set => Set(ref _completionRemaining, value, 8);
    }

    /// <summary>Gets when the long-open event is due (long-open flows, R19).</summary>
    public Instant LongOpenDueAt { get; internal set; }

    /// <summary>Gets whether the long-open event was raised (long-open flows, R19).</summary>
    public bool LongOpenRaised { get; internal set; }

    /// <summary>Gets the open appeal, if any (appeal content, R23).</summary>
    public Appeal? Appeal { get; internal set; }

    /// <summary>Gets when the flow completed.</summary>
    public Instant? CompletedAt
    {
        get => (_present & (1 << 9)) != 0 ? _completedAt : null;
        internal set => Set(ref _completedAt, value, 9);
    }

    /// <summary>Gets when the flow was closed.</summary>
    public Instant? ClosedAt
    {
        get => (_present & (1 << 10)) != 0 ? _closedAt : null;
        internal set => Set(ref _closedAt, value, 10);
    }

    /// <summary>Gets the sequence number of the flow's last operation record (operation records, R26).</summary>
    public long LastSequence { get; internal set; }

    /// <summary>Gets when the flow was created.</summary>
    public Instant CreatedAt { get; internal set; }

    /// <summary>Gets the derived order status (the order status, R7).</summary>
    public OrderStatus Status => Stage switch
    {
        Stage.Completed => OrderStatus.Completed,
        Stage.Closed => OrderStatus.Closed,
        _ => OrderStatus.Processing,
    };

    /// <summary>Gets whether the flow is in a final stage.</summary>
    public bool IsFinal => Stage is Stage.Completed or Stage.Closed;

    /// <summary>Gets whether an open appeal freezes the flow (the appeal freeze, R20).</summary>
    public bool IsFrozen => Appeal is not null;

    /// <summary>
    /// Gets whom the flow waits on (waiting and the idle clock, R16): by its stage, and the operations managers
    /// whatever the stage while an appeal is open.
    /// </summary>
    public Party WaitingOn => IsFrozen ? Party.OperationsManagers : WaitingOnIn(Stage);

    /// <summary>
    /// Gets the earliest instant at which a timer of this flow is due (completion, stall, long-open,
    /// appeal overdue), or null when none is pending. Stores index it for the timer sweep.
    /// </summary>
    public Instant? NextTimerDueAt
    {
        get
        {
            Instant? next = null;
            if (CompletionDueAt is { } completion)
            {
                next = completion;
            }

            if (!StallRaised && StallDueAt is { } stall)
            {
                next = Earliest(next, stall);
            }

            if (!LongOpenRaised && !IsFinal && AcceptedAt is null)
            {
                next = Earliest(next, LongOpenDueAt);
            }

            if (Appeal is { OverdueRaised: false } appeal)
            {
                next = Earliest(next, appeal.OverdueAt);
            }

            return next;
        }
    }

    /// <summary>Gets whether the waited-on party has stalled at <paramref name="now"/> (stalls, R18).</summary>
    /// <param name="now">The instant to evaluate at.</param>
    /// <returns>
    /// True when the idle clock runs and has passed the stall threshold, or when this stall episode's stall was
    /// already raised: a clock set back never takes a recorded stall back (the clock, R32).
    /// </returns>
    public bool IsStalledAt(Instant now) => StallDueAt is { } due && (StallRaised || now >= due);

    /// <summary>Gets how long the waited-on party has been idle at <paramref name="now"/>; never negative (the clock, R32).</summary>
    /// <param name="now">The instant to evaluate at.</param>
    /// <returns>The idle time, or zero while the idle clock does not run.</returns>
    public Duration IdleFor(Instant now) => IdleSince is { } since && now > since ? now - since : Duration.Zero;

    internal static Party WaitingOnIn(Stage stage) => stage switch
    {
        Stage.AwaitingRequest or Stage.RequestReturned or Stage.Delivered => Party.Buyer,
        Stage.RequestSubmitted or Stage.InService or Stage.DeliveryRejected => Party.Seller,
        _ => Party.Nobody,
    };

    internal ServiceFlow Copy() => (ServiceFlow)MemberwiseClone();

    private void Set<T>(ref T field, T? value, int bit)
        where T : struct
    {
        if (value is { } present)
        {
            field = present;
            _present |= 1 << bit;
        }
        else
        {
            field = default;
            _present &= ~(1 << bit);
        }
    }

    private static Instant Earliest(Instant? current, Instant candidate) =>
        current is { } c && c <= candidate ? c : candidate;

    /// <summary>Describes the flow in one line: order, stage, status, counts and whom it waits on.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Order {OrderNumber} ({ProductKind}, buyer '{BuyerId}', seller '{SellerId}'): {Stage}{(IsFrozen ? " (frozen by an appeal)" : string.Empty)}, {Status}, version {Version}, request rejections {RequestRejections}, delivery rejections {DeliveryRejections}, waiting on {WaitingOn}");
}
