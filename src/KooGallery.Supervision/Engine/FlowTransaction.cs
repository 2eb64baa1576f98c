using System.Runtime.CompilerServices;
using System.Diagnostics;
using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// The one unit of work every change of a flow goes through (completion, R15; concurrency, R31): load, admit, catch
/// up due timers, decide, save with the version check, hand out the events; after a lost race, a jittered back-off
/// and the whole again, up to <see cref="ServiceSupervisionOptions.MaxCommandAttempts"/>. It reports lost races and
/// the timers each saved change applied, and tells the <see cref="SupervisionMonitor"/> which flows were saved. Its
/// waits run on <paramref name="time"/>, and its chance (the back-off's jitter, the events' ids) comes from
/// <see cref="ServiceSupervisionOptions.Randomizer"/>.
/// </summary>
internal sealed class FlowTransaction(
    IServiceFlowStore store,
    IClock clock,
    PolicyCatalog policies,
    SupervisionMachinePool machines,
    OutboxDispatcher outbox,
    ServiceSupervisionOptions options,
    TimeProvider time,
    SupervisionTelemetry telemetry,
    SupervisionMonitor monitor)
{
    /// <summary>The action reported for a read that catches its flow up (views, permitted actions).</summary>
    public const string ReadAction = "Read";

    /// <summary>The action reported for a sweep's catch-up of one due flow.</summary>
    public const string CatchUpAction = "CatchUp";

    /// <summary>
    /// Runs <paramref name="work"/> on a flow; <paramref name="at"/> fixes the instant (a sweep's), or null for the clock's
    /// now at each attempt. <paramref name="span"/>, when given, gets the number of retries.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<T> RunAsync<T>(string orderNumber, FlowWork<T> work, CancellationToken cancellationToken, Instant? at = null, Activity? span = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            // A caller that cancelled gets no change: checked before each attempt and again before its save, never
            // after (a saved change is reported as saved).
            cancellationToken.ThrowIfCancellationRequested();
            span?.SetTag(TelemetryTags.Retries, attempt);
            var (stored, prior) = work.CommandId is { } commandId
                ? await store.LoadForCommandAsync(orderNumber, commandId, cancellationToken).ConfigureAwait(false)
                : (await store.LoadAsync(orderNumber, cancellationToken).ConfigureAwait(false), null);
            var now = at ?? clock.GetCurrentInstant();
            var (done, early) = await work.AdmitAsync(stored, prior, now, cancellationToken).ConfigureAwait(false);
            if (done)
            {
                return early;
            }

            var policy = policies.For(stored!);
            var draft = stored!.Copy();
            var changes = new PendingChanges();
            FlowDecision<T> decision;
            using (var lease = machines.Lease())
            {
                TimerCatchUp.Apply(lease.Machine, draft, policy, now, changes);
                decision = work.Decide(new FlowAttempt(stored, draft, policy, now, changes, lease.Machine));
            }

            if (decision.Refused)
            {
                var (replaced, result) = await work.OnRefusedAsync(decision.Result, cancellationToken).ConfigureAwait(false);
                if (!replaced && attempt > 0)
                {
                    // Permitted on the version it first read, refused on the one that won the race: it lost (R31).
                    result = work.RefusedAfterLostRace(result);
                }

                if (!replaced && changes.HasAny)
                {
                    // The work changes nothing, but timers already due are caught up and kept (R15).
                    await SaveAsync(stored, draft, changes, null, work.DispatchInline, now, cancellationToken).ConfigureAwait(false);
                }

                return result;
            }

            if (!changes.HasAny && decision.Outcome is null)
            {
                return decision.Result;
            }

            if (await SaveAsync(stored, draft, changes, decision.Outcome, work.DispatchInline, now, cancellationToken).ConfigureAwait(false) == FlowSaveResult.Saved)
            {
                return decision.Result;
            }

            var retried = attempt + 1 < options.MaxCommandAttempts;
            telemetry.LostRace(work.Action, orderNumber, attempt + 1, retried);
            if (!retried)
            {
                return work.GaveUp(decision);
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a flow for <paramref name="viewer"/> after applying any timer already due (completion, R15): the checked
    /// ids, then a catch-up read; the outcome goes on <paramref name="span"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)>> ReadCurrentAsync(string orderNumber, Actor viewer, Activity? span, CancellationToken cancellationToken)
    {
        try
        {
            var read = CallValidation.CheckIds(commandId: null, orderNumber, viewer) is { } refused
                ? refused
                : await RunAsync(orderNumber, new CatchUpRead(viewer, orderNumber), cancellationToken, span: span).ConfigureAwait(false);
            SupervisionTelemetry.ReadCompleted(span, read);
            return read;
        }
        catch (Exception exception) when (SupervisionTelemetry.Observe(span, exception, cancellationToken))
        {
            throw; // never reached: the filter records the failure on the span and lets it pass
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlowSaveResult> SaveAsync(ServiceFlow stored, ServiceFlow draft, PendingChanges changes, CommandOutcome? outcome, bool dispatch, Instant now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        draft.Version = stored.Version + 1;
        var events = changes.BuildEvents(draft, options.Randomizer);
        var result = await store.SaveAsync(new FlowChange(draft, stored.Version, changes.Records, events, outcome), cancellationToken).ConfigureAwait(false);
        if (result == FlowSaveResult.Saved)
        {
            monitor.Saved(draft.OrderNumber); // a saved change ends any parking of the flow
            telemetry.TimersApplied(changes.Records, now);
        }
        else
        {
            // Not saved: the draft keeps the version it was read at, so a work that answers with it after its last
            // lost race (a read shows the caught-up state) never shows a version whose saved state is another's.
            draft.Version = stored.Version;
        }

        if (dispatch && result == FlowSaveResult.Saved)
        {
            // Committed: from here nothing fails the call; events not handled stay pending for the dispatcher.
            await outbox.DispatchCommittedAsync(events, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// After a lost race, waits a random moment that grows with the attempts, so that a writer that keeps
    /// losing to a faster one on a hot flow gets its turn instead of starving (measured in docs/benchmarks.md).
    /// </summary>
    private Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var limit = options.ConflictBackoff;
        if (limit <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var span = limit.Ticks * (1L << Math.Min(attempt, 4));
        return Task.Delay(TimeSpan.FromTicks(options.Randomizer.NextInt64(span)), time, cancellationToken);
    }
}
