namespace KooGallery.Supervision.Machine;

/// <summary>The tables of the definition: which role fires which trigger (actors and access, R1), which action it stands for, and the order of stages for ReturnTo (appeal decisions, R24).</summary>
internal sealed partial class SupervisionMachine
{
    /// <summary>The role that fires a trigger (actors and access, R1): part of the definition, used by the role guards.</summary>
    public static ActorRole? RoleOf(Trigger trigger) => trigger switch
    {
        Trigger.SubmitRequest or Trigger.AcceptDelivery or Trigger.RejectDelivery or Trigger.SendReminder => ActorRole.Buyer,
        Trigger.AcceptRequest or Trigger.ReturnRequest or Trigger.PostProgressUpdate or Trigger.Deliver => ActorRole.Seller,
        Trigger.OpenAppeal => null, // the buyer or the seller, each under its own conditions
        Trigger.ResumeAfterAppeal or Trigger.ReturnAfterAppeal or Trigger.CompleteOnAppeal or Trigger.CloseOnAppeal => ActorRole.OperationsManager,
        Trigger.CompleteOnSchedule or Trigger.FlagStall or Trigger.FlagLongOpen or Trigger.FlagAppealOverdue => ActorRole.System,
        _ => throw new ArgumentOutOfRangeException(nameof(trigger)),
    };

    /// <summary>Whether <paramref name="role"/> may fire <paramref name="trigger"/> at all.</summary>
    public static bool RoleMayFire(Trigger trigger, ActorRole role) =>
        RoleOf(trigger) is { } required ? required == role : role is ActorRole.Buyer or ActorRole.Seller;

    /// <summary>The public action a trigger stands for.</summary>
    public static SupervisionAction ActionOf(Trigger trigger) => trigger switch
    {
        Trigger.SubmitRequest => SupervisionAction.SubmitRequest,
        Trigger.AcceptRequest => SupervisionAction.AcceptRequest,
        Trigger.ReturnRequest => SupervisionAction.ReturnRequest,
        Trigger.PostProgressUpdate => SupervisionAction.PostProgressUpdate,
        Trigger.Deliver => SupervisionAction.Deliver,
        Trigger.AcceptDelivery => SupervisionAction.AcceptDelivery,
        Trigger.RejectDelivery => SupervisionAction.RejectDelivery,
        Trigger.SendReminder => SupervisionAction.SendReminder,
        Trigger.OpenAppeal => SupervisionAction.OpenAppeal,
        Trigger.CompleteOnSchedule => SupervisionAction.CompleteOnSchedule,
        Trigger.FlagStall => SupervisionAction.FlagStall,
        Trigger.FlagLongOpen => SupervisionAction.FlagLongOpen,
        Trigger.FlagAppealOverdue => SupervisionAction.FlagAppealOverdue,
        _ => SupervisionAction.DecideAppeal,
    };

    /// <summary>Whether <paramref name="target"/> is a stage earlier than <paramref name="frozen"/> that this flow can have.</summary>
    public static bool IsEarlier(Stage target, Stage frozen, ServiceFlow flow, SupervisionPolicy policy)
    {
        // The final stages and any undefined value rank after every stage a flow can be frozen in (StageProgress.Of).
        if (StageProgress.Of(target) >= StageProgress.Of(frozen))
        {
            return false;
        }

        var hasRequestStep = policy.KindsWithRequestStep.Contains(flow.ProductKind);
        return hasRequestStep || StageProgress.Of(target) >= StageProgress.Of(Stage.InService);
    }

    /// <summary>The stages a ReturnTo decision may name for this flow.</summary>
    public static IEnumerable<Stage> EarlierStages(Stage frozen, ServiceFlow flow, SupervisionPolicy policy)
    {
        foreach (var stage in NonFinalStages)
        {
            if (IsEarlier(stage, frozen, flow, policy))
            {
                yield return stage;
            }
        }
    }
}
