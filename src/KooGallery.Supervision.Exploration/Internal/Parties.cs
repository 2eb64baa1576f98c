namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>The explored order, its actors, and the commands each action step sends, with valid input.</summary>
internal static class Parties
{
    public const string OrderNumber = "EXPLORED-1";

    public static Actor Buyer { get; } = Actor.Buyer("buyer-1");

    public static Actor Seller { get; } = Actor.Seller("seller-1");

    public static Actor Manager { get; } = Actor.OperationsManager("ops-1");

    /// <summary>A buyer of other orders: a party of nothing here.</summary>
    public static Actor Stranger { get; } = Actor.Buyer("stranger-1");

    private static readonly ProofReference StatementOfWork = new("Statement of work", "https://files.example/sow.pdf");
    private static readonly ProofReference AcceptanceDocument = new("Acceptance document", "https://files.example/acceptance.pdf");

    /// <summary>The commands a caller sends, in the order the explorer tries them.</summary>
    public static IReadOnlyList<SupervisionAction> CallerActions { get; } =
    [
        SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest, SupervisionAction.ReturnRequest,
        SupervisionAction.PostProgressUpdate, SupervisionAction.Deliver, SupervisionAction.AcceptDelivery,
        SupervisionAction.RejectDelivery, SupervisionAction.SendReminder, SupervisionAction.OpenAppeal,
        SupervisionAction.DecideAppeal,
    ];

    public static bool IsCallerAction(SupervisionAction action) => action is SupervisionAction.SubmitRequest or SupervisionAction.AcceptRequest
        or SupervisionAction.ReturnRequest or SupervisionAction.PostProgressUpdate or SupervisionAction.Deliver or SupervisionAction.AcceptDelivery
        or SupervisionAction.RejectDelivery or SupervisionAction.SendReminder or SupervisionAction.OpenAppeal or SupervisionAction.DecideAppeal;

    public static Actor ActorOf(ExplorerActor actor) => actor switch
    {
        ExplorerActor.Buyer => Buyer,
        ExplorerActor.Seller => Seller,
        ExplorerActor.OperationsManager => Manager,
        ExplorerActor.Stranger => Stranger,
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, "Not an explorer actor."),
    };

    /// <summary>Whether <paramref name="action"/> belongs to the party <paramref name="actor"/> (its own role's command, or an appeal).</summary>
    public static bool IsOwnAction(ExplorerActor actor, SupervisionAction action) => actor switch
    {
        ExplorerActor.Buyer => action is SupervisionAction.SubmitRequest or SupervisionAction.AcceptDelivery or SupervisionAction.RejectDelivery
            or SupervisionAction.SendReminder or SupervisionAction.OpenAppeal,
        ExplorerActor.Seller => action is SupervisionAction.AcceptRequest or SupervisionAction.ReturnRequest or SupervisionAction.PostProgressUpdate
            or SupervisionAction.Deliver or SupervisionAction.OpenAppeal,
        ExplorerActor.OperationsManager => action == SupervisionAction.DecideAppeal,
        _ => false,
    };

    public static NewServiceFlow Order(Settings settings) => new()
    {
        OrderNumber = OrderNumber,
        BuyerId = Buyer.Id,
        SellerId = Seller.Id,
        ProductId = "product-1",
        ProductKind = settings.ProductKind,
        AmountPaid = 1_200m,
        Currency = "EUR",
        PlacedAt = settings.Start,
    };

    /// <summary>Builds the command of an action step, with valid input.</summary>
    /// <exception cref="ArgumentException">The step names an action no caller sends.</exception>
    public static SupervisionCommand CommandOf(ActionStep step, string commandId)
    {
        var actor = ActorOf(step.Actor);
        return step.Action switch
        {
            SupervisionAction.SubmitRequest => new SubmitRequest(commandId, OrderNumber, actor, "Please migrate our order database to the new cluster."),
            SupervisionAction.AcceptRequest => new AcceptRequest(commandId, OrderNumber, actor),
            SupervisionAction.ReturnRequest => new ReturnRequest(commandId, OrderNumber, actor, "Please name the database version."),
            SupervisionAction.PostProgressUpdate => new PostProgressUpdate(commandId, OrderNumber, actor, "Schema copied; data next."),
            SupervisionAction.Deliver => new Deliver(commandId, OrderNumber, actor, StatementOfWork, AcceptanceDocument),
            SupervisionAction.AcceptDelivery => new AcceptDelivery(commandId, OrderNumber, actor),
            SupervisionAction.RejectDelivery => new RejectDelivery(commandId, OrderNumber, actor, "Two tables are missing."),
            SupervisionAction.SendReminder => new SendReminder(commandId, OrderNumber, actor),
            SupervisionAction.OpenAppeal => new OpenAppeal(commandId, OrderNumber, actor, "We cannot agree; please decide."),
            SupervisionAction.DecideAppeal => new DecideAppeal(commandId, OrderNumber, actor, "Decided after reading both parties.", step.Outcome,
                step.Outcome == AppealOutcome.ReturnTo ? step.ReturnTo : null, step.ResetRejectionCounts),
            _ => throw new ArgumentException($"{step.Action} is an action of the system's timers; no caller sends it.", nameof(step)),
        };
    }

    /// <summary>The stages a ReturnTo decision may name for a flow frozen in <paramref name="frozen"/> (appeal decisions, R24).</summary>
    public static IEnumerable<Stage> EarlierStages(Stage frozen, bool hasRequestStep)
    {
        Stage[] open = [Stage.AwaitingRequest, Stage.RequestSubmitted, Stage.RequestReturned, Stage.InService, Stage.Delivered, Stage.DeliveryRejected, Stage.Accepted];
        foreach (var stage in open)
        {
            if (StageProgress.Of(stage) < StageProgress.Of(frozen) && (hasRequestStep || StageProgress.Of(stage) >= StageProgress.Of(Stage.InService)))
            {
                yield return stage;
            }
        }
    }

    /// <summary>
    /// Whether an action step's input is valid for the flow as <paramref name="view"/> shows it: every input is, but
    /// a decision's (appeal decisions, R24): ReturnTo must name an earlier stage than the frozen one, and only Resume
    /// and ReturnTo may reset the counts.
    /// </summary>
    public static bool IsValidInput(ActionStep step, FlowView view, bool hasRequestStep)
    {
        if (step.Action != SupervisionAction.DecideAppeal)
        {
            return true;
        }

        return step.Outcome switch
        {
            AppealOutcome.Resume => true,
            AppealOutcome.ReturnTo => step.ReturnTo is { } target && EarlierStages(view.Appeal?.FrozenStage ?? view.Stage, hasRequestStep).Contains(target),
            AppealOutcome.Complete or AppealOutcome.Close => !step.ResetRejectionCounts,
            _ => false,
        };
    }

    /// <summary>Whom a flow waits on in a stage when no appeal is open (waiting and the idle clock, R16).</summary>
    public static Party WaitingOnIn(Stage stage) => stage switch
    {
        Stage.AwaitingRequest or Stage.RequestReturned or Stage.Delivered => Party.Buyer,
        Stage.RequestSubmitted or Stage.InService or Stage.DeliveryRejected => Party.Seller,
        _ => Party.Nobody,
    };
}
