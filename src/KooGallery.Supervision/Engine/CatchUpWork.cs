namespace KooGallery.Supervision;

/// <summary>
/// A read of one flow that first catches up its due timers and keeps them (completion, R15): views and permitted
/// actions. Only a party of the flow or an operations manager may read it (actors and access, R1).
/// </summary>
internal sealed class CatchUpRead(Actor viewer, string orderNumber) : FlowWork<SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)>>
{
    public override bool DispatchInline => true;

    public override string Action => FlowTransaction.ReadAction;

    public override ValueTask<(bool Done, SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)> Result)> AdmitAsync(ServiceFlow? stored, CommandOutcome? prior, Instant now, CancellationToken cancellationToken)
    {
        if (stored is null)
        {
            return new((true, Internal.Errors.NotFound(orderNumber)));
        }

        if (Authorizer.AuthorizeRead(stored, viewer) is { } forbidden)
        {
            return new((true, forbidden));
        }

        return new((false, default));
    }

    public override FlowDecision<SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)>> Decide(FlowAttempt attempt) =>
        new((attempt.Draft, attempt.Policy, attempt.Now));

    // Others keep changing the flow: show the caught-up state all the same.
    public override SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)> GaveUp(FlowDecision<SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)>> last) => last.Result;
}

/// <summary>The timer sweep's catch-up of one due flow, at the sweep's instant; its events are left to the dispatcher.</summary>
internal sealed class CatchUpDue : FlowWork<bool>
{
    public static CatchUpDue Instance { get; } = new();

    public override bool DispatchInline => false;

    public override string Action => FlowTransaction.CatchUpAction;

    public override ValueTask<(bool Done, bool Result)> AdmitAsync(ServiceFlow? stored, CommandOutcome? prior, Instant now, CancellationToken cancellationToken) =>
        new(stored?.NextTimerDueAt is not { } due || due > now ? (true, false) : (false, default));

    public override FlowDecision<bool> Decide(FlowAttempt attempt) => new(true);

    public override bool GaveUp(FlowDecision<bool> last) => false;
}
