namespace KooGallery.Supervision.Tests.Storage;

/// <summary>
/// The objects the golden files under Storage/Golden hold, spelled out member by member. The files were
/// written once from these objects by the hand-written serializer the stores used up to schema version 2
/// (see Golden/README.md); they pin the stored format, so these objects never change once written.
/// </summary>
internal static class GoldenSamples
{
    /// <summary>An instant with nanoseconds, so every stored instant shows its full precision.</summary>
    public static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromNanoseconds(123_456_789);

    /// <summary>Text that the JSON writer escapes: quotes, a backslash, HTML-sensitive characters, non-ASCII letters and an emoji.</summary>
    public const string AwkwardText = "He said \"no\" \\ <b>&'+</b> — Grüße, 你好 😀\nnew line";

    public static readonly ProofReference Sow = new("Statement of work", "https://files.example/sow.pdf");

    public static readonly ProofReference Acceptance = new("Acceptance \"final\" ü", "https://files.example/acceptance.pdf?v=2&x=<y>");

    /// <summary>The golden flows by file name (without the extension).</summary>
    public static IReadOnlyDictionary<string, ServiceFlow> Flows { get; } = new Dictionary<string, ServiceFlow>(StringComparer.Ordinal)
    {
        ["flow-awaiting-request"] = AwaitingRequest(),
        ["flow-delivered"] = Delivered(),
        ["flow-frozen-by-appeal"] = FrozenByAppeal(),
        ["flow-appeal-without-proofs"] = AppealWithoutProofs(),
        ["flow-completed"] = Completed(),
        ["flow-closed"] = Closed(),
        ["flow-every-member"] = EveryMember(),
    };

    /// <summary>The golden records, one a line of records.jsonl.</summary>
    public static IReadOnlyList<OperationRecord> Records { get; } =
    [
        new()
        {
            OrderNumber = "G-1", Sequence = 1, At = T0, ActorId = Actor.SystemId, ActorRole = ActorRole.System, Action = SupervisionAction.CreateFlow,
            StageBefore = Stage.AwaitingRequest, StageAfter = Stage.AwaitingRequest, Fields = Fields(("$policyVersion", "default")),
        },
        new()
        {
            OrderNumber = "G-1", Sequence = 2, At = T0 + Duration.FromNanoseconds(1), ActorId = "buyer-1", ActorRole = ActorRole.Buyer, Action = SupervisionAction.SubmitRequest,
            StageBefore = Stage.AwaitingRequest, StageAfter = Stage.RequestSubmitted, Text = "Please migrate our database.",
            Fields = Fields(("Database", "MySQL 8"), ("Notes", string.Empty), ("Zone", AwkwardText)), CommandId = "cmd-1",
        },
        new()
        {
            OrderNumber = "G-1", Sequence = 3, At = T0 + Duration.FromMinutes(5), ActorId = "seller-1", ActorRole = ActorRole.Seller, Action = SupervisionAction.AcceptRequest,
            StageBefore = Stage.RequestSubmitted, StageAfter = Stage.InService, CommandId = "cmd-2",
        },
        new()
        {
            OrderNumber = "G-1", Sequence = 4, At = T0 + Duration.FromDays(1) + Duration.FromNanoseconds(999), ActorId = "seller-1", ActorRole = ActorRole.Seller,
            Action = SupervisionAction.Deliver, StageBefore = Stage.InService, StageAfter = Stage.Delivered, Text = AwkwardText,
            References = [Sow, Acceptance], Fields = Fields(("Verified", "yes"), ("$enablingInstant", "2026-03-03T09:00:00.123456790Z")), CommandId = "cmd-3",
        },
        new()
        {
            OrderNumber = "G-1", Sequence = 5, At = T0 + Duration.FromDays(2), ActorId = "buyer-1", ActorRole = ActorRole.Buyer, Action = SupervisionAction.OpenAppeal,
            StageBefore = Stage.Delivered, StageAfter = Stage.Delivered, Text = "The seller does not answer.", References = [Acceptance], CommandId = "cmd-4",
        },
        new()
        {
            OrderNumber = "G-1", Sequence = 6, At = T0 + Duration.FromDays(9), ActorId = Actor.SystemId, ActorRole = ActorRole.System, Action = SupervisionAction.FlagAppealOverdue,
            StageBefore = Stage.Delivered, StageAfter = Stage.Delivered,
        },
        new()
        {
            OrderNumber = "G-1", Sequence = 7, At = T0 + Duration.FromDays(10), ActorId = "ops-1", ActorRole = ActorRole.OperationsManager, Action = SupervisionAction.DecideAppeal,
            StageBefore = Stage.Delivered, StageAfter = Stage.Closed, Text = "Closed after review.", Fields = Fields(("$outcome", "Close")), CommandId = "ops/\"odd\" id ü",
        },
    ];

    /// <summary>The golden command outcomes, one a line of outcomes.jsonl.</summary>
    public static IReadOnlyList<CommandOutcome> Outcomes { get; } =
    [
        new()
        {
            CommandId = "cmd-1", OrderNumber = "G-1", Action = SupervisionAction.SubmitRequest, StageBefore = Stage.AwaitingRequest, StageAfter = Stage.RequestSubmitted,
            FlowVersion = 2, RecordSequence = 2, At = T0 + Duration.FromNanoseconds(1), Fingerprint = "6C3F0A9E7B1D2C4F8E5A6B7C8D9E0F12",
        },
        new()
        {
            CommandId = "ops/\"odd\" id ü", OrderNumber = "G-1", Action = SupervisionAction.DecideAppeal, StageBefore = Stage.Delivered, StageAfter = Stage.Closed,
            FlowVersion = 7, RecordSequence = 7, At = T0 + Duration.FromDays(10), Fingerprint = "0123456789ABCDEF0123456789ABCDEF",
        },
        new()
        {
            CommandId = "legacy", OrderNumber = "G-2", Action = SupervisionAction.SendReminder, StageBefore = Stage.RequestSubmitted, StageAfter = Stage.RequestSubmitted,
            FlowVersion = 12, RecordSequence = 11, At = Instant.FromUnixTimeTicks(-1), Fingerprint = "not a hex digest",
        },
    ];

    /// <summary>The golden events, one a line of events.jsonl.</summary>
    public static IReadOnlyList<SupervisionEvent> Events { get; } =
    [
        new()
        {
            Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Kind = SupervisionEventKind.RequestSubmitted, OrderNumber = "G-1", OccurredAt = T0,
            FlowVersion = 2, BuyerId = "buyer-1", SellerId = "seller-1", Stage = Stage.RequestSubmitted, Concerns = Party.Seller,
        },
        new()
        {
            Id = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Kind = SupervisionEventKind.AppealOpened, OrderNumber = "G-1", OccurredAt = T0 + Duration.FromDays(2),
            FlowVersion = 5, BuyerId = "buyer-1", SellerId = "seller-1", Stage = Stage.Delivered, Concerns = Party.OperationsManagers, Text = AwkwardText,
        },
        new()
        {
            Id = Guid.Parse("00000000-0000-0000-0000-000000000000"), Kind = SupervisionEventKind.Stalled, OrderNumber = "G-2", OccurredAt = Instant.MaxValue,
            FlowVersion = long.MaxValue, BuyerId = "b", SellerId = "s", Stage = Stage.InService, Concerns = Party.Nobody, Text = string.Empty,
        },
    ];

    private static IReadOnlyDictionary<string, string> Fields(params (string Key, string Value)[] pairs)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            fields.Add(key, value);
        }

        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(fields);
    }

    private static ServiceFlow Base(string orderNumber) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = "buyer-1",
        SellerId = "seller-1",
        ProductId = "product-1",
        ProductKind = ProductKind.ProfessionalService,
        AmountPaid = 1200m,
        Currency = "CNY",
        PlacedAt = T0 - Duration.FromMinutes(5),
        PolicyVersion = "default",
        Version = 1,
        Stage = Stage.AwaitingRequest,
        LongOpenDueAt = T0 + Duration.FromDays(30),
        LastSequence = 1,
        CreatedAt = T0,
    };

    private static ServiceFlow AwaitingRequest()
    {
        var flow = Base("G-1");
        flow.IdleSince = T0;
        flow.StallDueAt = T0 + Duration.FromDays(3);
        return flow;
    }

    private static ServiceFlow Delivered()
    {
        var flow = Base("G-2");
        flow.ProductKind = ProductKind.ConsultingService;
        flow.AmountPaid = 1234.50m;
        flow.Currency = "EUR";
        flow.RequestTemplate = [new TemplateField("Database"), new TemplateField("Notes", Required: false)];
        flow.DeliveryTemplate = [new TemplateField("Verified")];
        flow.Version = 9;
        flow.Stage = Stage.Delivered;
        flow.RequestRejections = 1;
        flow.DeliveryRejections = 2;
        flow.IdleSince = T0 + Duration.FromDays(4);
        flow.StallDueAt = T0 + Duration.FromDays(7);
        flow.StallRaised = true;
        flow.LastReminderAt = T0 + Duration.FromDays(6) + Duration.FromNanoseconds(1);
        flow.DeliveredAt = T0 + Duration.FromDays(4);
        flow.EnablingInstant = T0 + Duration.FromDays(4) - Duration.FromNanoseconds(1);
        flow.LastSequence = 9;
        return flow;
    }

    private static ServiceFlow FrozenByAppeal()
    {
        var flow = Base("G-3");
        flow.ProductKind = ProductKind.OnlineSaas;
        flow.AmountPaid = 0.01m;
        flow.RequestTemplate = [new TemplateField("Tenant")];
        flow.Version = 6;
        flow.Stage = Stage.Accepted;
        flow.DeliveredAt = T0 + Duration.FromDays(1);
        flow.EnablingInstant = T0 + Duration.FromDays(1) + Duration.FromNanoseconds(7);
        flow.AcceptedAt = T0 + Duration.FromDays(2);
        flow.ServiceStart = T0 + Duration.FromDays(1) + Duration.FromNanoseconds(7);
        flow.CompletionRemaining = Duration.FromDays(1) + Duration.FromHours(2) + Duration.FromMinutes(3) + Duration.FromNanoseconds(4_000_000_005);
        flow.LongOpenRaised = true;
        flow.Appeal = new Appeal
        {
            OpenedBy = Actor.Seller("seller-1"),
            OpenedAt = T0 + Duration.FromDays(2) + Duration.FromNanoseconds(1_234_567),
            Reason = AwkwardText,
            Proofs = [Sow, Acceptance],
            FrozenStage = Stage.Accepted,
            DecisionDueAt = T0 + Duration.FromDays(9),
        };
        flow.LastSequence = 6;
        return flow;
    }

    private static ServiceFlow AppealWithoutProofs()
    {
        var flow = Base("G-4");
        flow.ProductKind = ProductKind.Hardware;
        flow.Version = 3;
        flow.Stage = Stage.RequestSubmitted;
        flow.Appeal = new Appeal
        {
            OpenedBy = Actor.Buyer("buyer-1"),
            OpenedAt = T0 + Duration.FromHours(1),
            Reason = "No answer.",
            FrozenStage = Stage.RequestSubmitted,
            DecisionDueAt = Instant.MaxValue,
            OverdueRaised = true,
        };
        flow.LastSequence = 3;
        return flow;
    }

    private static ServiceFlow Completed()
    {
        var flow = Base("G-5");
        flow.ProductKind = ProductKind.License;
        flow.AmountPaid = 99999999999.999999m;
        flow.Version = 6;
        flow.Stage = Stage.Completed;
        flow.DeliveredAt = T0 + Duration.FromHours(1);
        flow.AcceptedAt = T0 + Duration.FromHours(2);
        flow.ServiceStart = T0 + Duration.FromHours(2);
        flow.CompletedAt = T0 + Duration.FromHours(5);
        flow.LastSequence = 6;
        return flow;
    }

    private static ServiceFlow Closed()
    {
        var flow = Base("G-6");
        flow.ProductKind = ProductKind.OfflineSaas;
        flow.Version = 5;
        flow.Stage = Stage.Closed;
        flow.LongOpenRaised = true;
        flow.ClosedAt = T0 + Duration.FromDays(40);
        flow.LastSequence = 5;
        return flow;
    }

    /// <summary>Every optional member present at once: not a state the engine reaches, but every stored member in one file.</summary>
    private static ServiceFlow EveryMember()
    {
        var flow = FrozenByAppeal();
        flow.OrderNumber = "G-7 \"every\" ü";
        flow.PlacedAt = Instant.FromUtc(1969, 12, 31, 23, 59, 59) + Duration.FromNanoseconds(1);
        flow.DeliveryTemplate = [new TemplateField(AwkwardText, Required: false)];
        flow.IdleSince = T0 + Duration.FromDays(2);
        flow.StallDueAt = T0 + Duration.FromDays(5);
        flow.StallRaised = true;
        flow.LastReminderAt = T0 + Duration.FromDays(3);
        flow.CompletionDueAt = T0 + Duration.FromDays(3) + Duration.FromNanoseconds(3);
        flow.CompletedAt = T0 + Duration.FromDays(20);
        flow.ClosedAt = T0 + Duration.FromDays(21);
        flow.LongOpenDueAt = Instant.MinValue;
        flow.Appeal = flow.Appeal! with { OverdueRaised = true };
        flow.Version = long.MaxValue;
        flow.LastSequence = long.MaxValue - 1;
        flow.RequestRejections = int.MaxValue;
        return flow;
    }
}
