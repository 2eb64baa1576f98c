using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// One kind of work on one flow that a <see cref="FlowTransaction"/> runs: a command, a read that catches
/// up due timers, or a sweep's catch-up. The transaction loads the flow (with the outcome under the command id, for a
/// command), asks <see cref="AdmitAsync"/>
/// whether to go on, catches up due timers on a draft, lets <see cref="Decide"/> apply the work to it,
/// and saves; after a lost race it starts again from the load.
/// </summary>
/// <typeparam name="T">What the work returns.</typeparam>
internal abstract class FlowWork<T>
{
    /// <summary>Gets whether the events of a saved change are handed to the handlers before the call returns.</summary>
    public abstract bool DispatchInline { get; }

    /// <summary>Gets the name of the work in telemetry (a lost race): a command's action, or what a catch-up is for; read only when reported.</summary>
    public abstract string Action { get; }

    /// <summary>Gets the id of the command this work is, read with the flow; null for work that is no command.</summary>
    public virtual string? CommandId => null;

    /// <summary>
    /// Looks at the stored flow before anything is caught up: ends the work with a result, or lets it go on.
    /// <paramref name="prior"/> is the outcome stored under <see cref="CommandId"/>, read with the flow.
    /// </summary>
    public abstract ValueTask<(bool Done, T Result)> AdmitAsync(ServiceFlow? stored, CommandOutcome? prior, Instant now, CancellationToken cancellationToken);

    /// <summary>Applies the work to a draft whose due timers are already caught up.</summary>
    public abstract FlowDecision<T> Decide(FlowAttempt attempt);

    /// <summary>Gives the result of a refused work, once more looking at the store if need be; null keeps the refusal.</summary>
    // Stryker disable once Boolean : only works that can be refused call it, and the one work that can (CommandWork) overrides it; CatchUpRead and CatchUpDue never refuse.
    public virtual ValueTask<(bool Replaced, T Result)> OnRefusedAsync(T refusal, CancellationToken cancellationToken) => new((false, refusal));

    /// <summary>Gives the result when the flow kept changing under every attempt.</summary>
    public abstract T GaveUp(FlowDecision<T> last);

    /// <summary>
    /// Gives the result of a work refused on a retry after a lost race: it was permitted on the version it first read,
    /// and the change that won made it no longer so. By default the refusal itself.
    /// </summary>
    public virtual T RefusedAfterLostRace(T refusal) => refusal;
}

/// <summary>What a <see cref="FlowWork{T}"/> decided: its result, whether it was refused, and the command outcome to save with it.</summary>
internal readonly record struct FlowDecision<T>(T Result, bool Refused = false, CommandOutcome? Outcome = null);

/// <summary>One attempt of a <see cref="FlowTransaction"/>: the stored flow, its draft with due timers caught up, and what they are judged by (a struct: one per attempt, handed to the work and dropped).</summary>
internal readonly record struct FlowAttempt(ServiceFlow Stored, ServiceFlow Draft, SupervisionPolicy Policy, Instant Now, PendingChanges Changes, SupervisionMachine Machine);
