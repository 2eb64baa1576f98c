namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>The inputs of an action; what a file leaves out gets a plain default.</summary>
internal sealed class StepInputs
{
    /// <summary>The command id; generated from the step when absent.</summary>
    public string? CommandId { get; set; }

    /// <summary>The request text, progress update, note, reminder message or appeal decision.</summary>
    public string? Text { get; set; }

    public bool HasText { get; set; }

    /// <summary>The reason of a return, rejection or appeal.</summary>
    public string? Reason { get; set; }

    public bool HasReason { get; set; }

    /// <summary>Request template values, or delivery criteria.</summary>
    public IReadOnlyDictionary<string, string>? Fields { get; set; }

    /// <summary>Further proofs of a delivery, or the proofs of an appeal.</summary>
    public IReadOnlyList<ProofReference>? Proofs { get; set; }

    public bool HasStatementOfWork { get; set; }

    public ProofReference? StatementOfWork { get; set; }

    public bool HasAcceptanceDocument { get; set; }

    public ProofReference? AcceptanceDocument { get; set; }

    /// <summary>The enabling instant of a delivery; a relative time counts from the step's time.</summary>
    public TimeSpec? EnablingInstant { get; set; }

    public AppealOutcome? Outcome { get; set; }

    public Stage? ReturnTo { get; set; }

    public bool ResetCounts { get; set; }

    /// <summary>The order of a <c>create</c> step.</summary>
    public OrderSpec? Order { get; set; }

    /// <summary>The criteria of a <c>search</c> step.</summary>
    public QuerySpec? Query { get; set; }
}
