using System.Globalization;

namespace KooGallery.Supervision.Internal;

/// <summary>Builds the typed refusals (refusals, R27) with messages that say what to do.</summary>
internal static class Errors
{
    public static SupervisionError NotFound(string orderNumber) => new()
    {
        Code = SupervisionErrorCode.NotFound,
        Reason = SupervisionErrorReason.NoSuchFlow,
        Message = $"No service flow has order number '{orderNumber}'. Check the number, or create the flow when the order is paid.",
    };

    public static SupervisionError NotAParty(Actor actor, ServiceFlow flow) => new()
    {
        Code = SupervisionErrorCode.Forbidden,
        Reason = SupervisionErrorReason.NotAParty,
        Message = $"{actor.Role} '{actor.Id}' is not the {actor.Role.ToString().ToLowerInvariant()} of order {flow.OrderNumber}; only the flow's own buyer and seller may act on it.",
    };

    public static SupervisionError SearchOthersFlows(Actor viewer) => new()
    {
        Code = SupervisionErrorCode.Forbidden,
        Reason = SupervisionErrorReason.NotAParty,
        Message = $"{viewer} may search only its own flows; leave the {viewer.Role.ToString().ToLowerInvariant()} id empty or give its own.",
    };

    public static SupervisionError SystemRoleReserved() => new()
    {
        Code = SupervisionErrorCode.Forbidden,
        Reason = SupervisionErrorReason.SystemRoleReserved,
        Message = "The System role belongs to the library's own timers and is never accepted from a caller; act as the buyer, the seller or an operations manager.",
    };

    public static SupervisionError WrongRole(Actor actor, SupervisionAction action, ServiceFlow flow, string rightful) => new()
    {
        Code = SupervisionErrorCode.Forbidden,
        Reason = SupervisionErrorReason.WrongRole,
        Message = $"{(actor.Role == ActorRole.OperationsManager ? "An" : "A")} {Describe(actor.Role)} may not {Verb(action)}; only {rightful} may.",
        Stage = flow.Stage,
    };

    public static SupervisionError Frozen(ServiceFlow flow) => new()
    {
        Code = SupervisionErrorCode.Frozen,
        Reason = SupervisionErrorReason.AppealOpen,
        RetryAt = flow.Appeal!.DecisionDueAt,
        Message = string.Create(CultureInfo.InvariantCulture,
            $"Order {flow.OrderNumber} is frozen: an appeal opened by the {Describe(flow.Appeal!.OpenedBy.Role)} at {flow.Appeal.OpenedAt} is being handled by an operations manager. Wait for the decision (due by {flow.Appeal.DecisionDueAt})."),
        Stage = flow.Stage,
    };

    public static SupervisionError NotPermittedInStage(SupervisionAction action, ServiceFlow flow, IReadOnlyList<SupervisionAction> permitted, bool noOpenAppeal = false) => new()
    {
        Code = SupervisionErrorCode.NotPermittedInStage,
        Reason = noOpenAppeal ? SupervisionErrorReason.NoOpenAppeal : SupervisionErrorReason.NotInStage,
        Message = $"{action} is not permitted in stage {flow.Stage}{(noOpenAppeal ? " (no appeal is open)" : string.Empty)}. "
            + (permitted.Count == 0 ? "You have no action in this stage now." : $"You may now: {string.Join(", ", permitted)}."),
        PermittedActions = permitted,
        Stage = flow.Stage,
    };

    public static SupervisionError Validation(IReadOnlyList<FieldError> fields, string? reason = null, Stage? stage = null)
    {
        var parts = new string[fields.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = $"{fields[i].Field}: {fields[i].Message}";
        }

        return new SupervisionError
        {
            Code = SupervisionErrorCode.Validation,
            Reason = reason ?? SupervisionErrorReason.InvalidInput,
            Message = "The input is invalid. " + string.Join(" ", parts),
            Fields = fields,
            Stage = stage,
        };
    }

    public static SupervisionError Validation(string field, string message, string? reason = null) =>
        Validation([new FieldError(field, message)], reason);

    public static SupervisionError Conflict(string reason, string message) => new()
    {
        Code = SupervisionErrorCode.Conflict,
        Reason = reason,
        Message = message,
    };

    public static SupervisionError StaleVersion(string orderNumber, long expected, long actual, Stage stage) => new()
    {
        Code = SupervisionErrorCode.Conflict,
        Reason = SupervisionErrorReason.StaleVersion,
        Message = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Order {orderNumber} is at version {actual}, not the version {expected} this command was sent for; read the flow again and decide anew."),
        Stage = stage,
    };

    private static string Describe(ActorRole role) => role switch
    {
        ActorRole.OperationsManager => "operations manager",
        _ => role.ToString().ToLowerInvariant(),
    };

    private static string Verb(SupervisionAction action) => action switch
    {
        SupervisionAction.SubmitRequest => "submit a request",
        SupervisionAction.AcceptRequest => "accept a request",
        SupervisionAction.ReturnRequest => "return a request",
        SupervisionAction.PostProgressUpdate => "post a progress update",
        SupervisionAction.Deliver => "deliver",
        SupervisionAction.AcceptDelivery => "accept a delivery",
        SupervisionAction.RejectDelivery => "reject a delivery",
        SupervisionAction.SendReminder => "send a reminder",
        SupervisionAction.OpenAppeal => "open an appeal",
        SupervisionAction.DecideAppeal => "decide an appeal",
        _ => action.ToString(),
    };
}
