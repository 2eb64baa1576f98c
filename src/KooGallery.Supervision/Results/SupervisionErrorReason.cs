namespace KooGallery.Supervision;

/// <summary>
/// The stable values of <see cref="SupervisionError.Reason"/>: each refusal carries one, finer than its
/// <see cref="SupervisionErrorCode"/>, for programs to branch on; the prose is in <see cref="SupervisionError.Message"/>.
/// </summary>
public static class SupervisionErrorReason
{
    /// <summary>No flow has the order number (<see cref="SupervisionErrorCode.NotFound"/>).</summary>
    public const string NoSuchFlow = "NoSuchFlow";

    /// <summary>The actor is not the flow's buyer or seller (<see cref="SupervisionErrorCode.Forbidden"/>).</summary>
    public const string NotAParty = "NotAParty";

    /// <summary>The actor is a party, but the action belongs to another role (<see cref="SupervisionErrorCode.Forbidden"/>).</summary>
    public const string WrongRole = "WrongRole";

    /// <summary>A caller named the System role, which belongs to the library's own timers (<see cref="SupervisionErrorCode.Forbidden"/>).</summary>
    public const string SystemRoleReserved = "SystemRoleReserved";

    /// <summary>An appeal is open and the flow is frozen (<see cref="SupervisionErrorCode.Frozen"/>).</summary>
    public const string AppealOpen = "AppealOpen";

    /// <summary>The action is not one of the stage's actions (<see cref="SupervisionErrorCode.NotPermittedInStage"/>).</summary>
    public const string NotInStage = "NotInStage";

    /// <summary>An appeal decision was sent while no appeal is open (<see cref="SupervisionErrorCode.NotPermittedInStage"/>).</summary>
    public const string NoOpenAppeal = "NoOpenAppeal";

    /// <summary>None of the conditions of an appeal holds yet (<see cref="SupervisionErrorCode.ConditionNotMet"/>).</summary>
    public const string AppealConditionsNotMet = "AppealConditionsNotMet";

    /// <summary>The last reminder is too recent (<see cref="SupervisionErrorCode.ConditionNotMet"/>).</summary>
    public const string ReminderTooSoon = "ReminderTooSoon";

    /// <summary>One or more fields are invalid (<see cref="SupervisionErrorCode.Validation"/>).</summary>
    public const string InvalidInput = "InvalidInput";

    /// <summary>A renewal order gets no flow (<see cref="SupervisionErrorCode.Validation"/>).</summary>
    public const string RenewalOrder = "RenewalOrder";

    /// <summary>No policy was in force at the order's placement (<see cref="SupervisionErrorCode.Validation"/>).</summary>
    public const string NoPolicyInForce = "NoPolicyInForce";

    /// <summary>
    /// The order's placement lies after the supervisor's now by more than
    /// <see cref="ServiceSupervisionOptions.PlacementClockTolerance"/> (<see cref="SupervisionErrorCode.Validation"/>).
    /// </summary>
    public const string PlacedInTheFuture = "PlacedInTheFuture";

    /// <summary>The flow exists with different order data (<see cref="SupervisionErrorCode.Conflict"/>).</summary>
    public const string DifferentOrderData = "DifferentOrderData";

    /// <summary>The command id was used on the flow for a different command (<see cref="SupervisionErrorCode.Conflict"/>).</summary>
    public const string CommandIdReused = "CommandIdReused";

    /// <summary>The flow kept changing concurrently and the command gave up (<see cref="SupervisionErrorCode.Conflict"/>).</summary>
    public const string VersionConflict = "VersionConflict";

    /// <summary>
    /// The command named a <see cref="SupervisionCommand.ExpectedVersion"/> the flow no longer has
    /// (<see cref="SupervisionErrorCode.Conflict"/>): read the flow again and decide anew.
    /// </summary>
    public const string StaleVersion = "StaleVersion";

    /// <summary>
    /// The command lost a race (concurrency, R31): it was permitted on the version it read, and the change that won
    /// moved the flow to a stage that does not take it (<see cref="SupervisionErrorCode.Conflict"/>, with the stage
    /// and the actions permitted now). Read the flow again; retrying the same command cannot succeed.
    /// </summary>
    public const string NoLongerApplies = "NoLongerApplies";

    /// <summary>The result is a default value that no call returned.</summary>
    public const string DefaultResult = "DefaultResult";
}
