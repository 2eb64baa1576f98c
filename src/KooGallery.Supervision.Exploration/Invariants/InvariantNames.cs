namespace KooGallery.Supervision.Exploration;

/// <summary>The names of the invariants the explorer checks after every step, as reported in <see cref="ExplorationViolation.Invariant"/>.</summary>
public static class InvariantNames
{
    /// <summary>Completed and Closed are terminal: no action succeeds, time changes nothing, the stage never leaves them (the stages, R6; completion, R15; appeal decisions, R24).</summary>
    public const string FinalStagesAreTerminal = "final-stages-are-terminal";

    /// <summary>A flow never completes by schedule before its acceptance plus the completion delay, and no pending completion is due earlier (completion, R15).</summary>
    public const string CompletionNotBeforeAcceptancePlusDelay = "completion-not-before-acceptance-plus-delay";

    /// <summary>While an appeal is open every buyer, seller and stranger action is refused, the parties' own ones as Frozen (the appeal freeze, R20).</summary>
    public const string FrozenFlowRefusesPartyActions = "frozen-flow-refuses-party-actions";

    /// <summary>Each rejection count equals the rejections accepted since the last decision that reset the counts (reviewing a request, R9; the verdict on a delivery, R13; appeal decisions, R24).</summary>
    public const string CountsEqualAcceptedRejections = "counts-equal-accepted-rejections";

    /// <summary>
    /// Records are numbered 1 to the flow's last sequence without a gap, each starts in the stage the previous one
    /// ended in, the last ends in the flow's stage, and every accepted command has exactly one record, in order
    /// (operation records, R26).
    /// </summary>
    public const string RecordsContiguousOnePerAcceptedCommand = "records-contiguous-one-per-accepted-command";

    /// <summary>A refused command changes nothing and appends no record (refusals, R27).</summary>
    public const string RefusalsChangeNothing = "refusals-change-nothing";

    /// <summary>The idle time is never negative and the idle clock never starts after now (waiting and the idle clock, R16; the clock, R32).</summary>
    public const string IdleTimeNeverNegative = "idle-time-never-negative";

    /// <summary>
    /// The permitted actions of each actor are exactly the actions that succeed for it (the view, R28); a stranger may do
    /// nothing (actors and access, R1).
    /// </summary>
    public const string PermittedActionsSucceed = "permitted-actions-are-the-actions-that-succeed";

    /// <summary>
    /// Whom the flow waits on agrees with its stage (waiting and the idle clock, R16): the operations managers while
    /// frozen, else the stage's party; the idle clock runs exactly while it waits on the buyer or the seller.
    /// </summary>
    public const string WaitingOnAgreesWithStage = "waiting-on-agrees-with-stage";
}
