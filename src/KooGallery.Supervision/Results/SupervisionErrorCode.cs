namespace KooGallery.Supervision;

/// <summary>The stable codes of a refused action (refusals, R27). Their names and values never change.</summary>
public enum SupervisionErrorCode
{
    /// <summary>No flow has that order number.</summary>
    NotFound = 1,

    /// <summary>The actor is not a party of the flow, or its role may not take the action (actors and access, R1).</summary>
    Forbidden = 2,

    /// <summary>The action is not permitted in the flow's stage; the error lists the permitted actions.</summary>
    NotPermittedInStage = 3,

    /// <summary>A guarded condition does not hold; the error gives the distance to each condition.</summary>
    ConditionNotMet = 4,

    /// <summary>An open appeal freezes the flow (the appeal freeze, R20).</summary>
    Frozen = 5,

    /// <summary>The input is invalid; the error names each field.</summary>
    Validation = 6,

    /// <summary>The action conflicts with existing data: different data for an existing order, a command id reused for another command, or a lost race.</summary>
    Conflict = 7,
}
