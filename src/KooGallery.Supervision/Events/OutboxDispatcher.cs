using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Globalization;

namespace KooGallery.Supervision;

/// <summary>
/// Hands saved events to the handlers (the transactional outbox): every handler call bounded by
/// <see cref="ServiceSupervisionOptions.EventHandlerTimeout"/> and the caller's token; an event all handlers
/// took is marked delivered, one whose handler failed or timed out stays pending and is deferred by the
/// <see cref="RetrySchedule"/>, so it never holds up the events behind it. Delivery is at least once. Each
/// dispatch is a span, and each handler call a span linked to the span that raised its event; a failure is
/// logged (with the event id, kind, order and attempt), counted, and told to the optional callback. One
/// call gives up after <see cref="FailuresInARowPerCall"/> failures in a row (a handler that is down, or hangs
/// until its time limit), leaving the rest pending for the next call, so a sweep that dispatches is bounded
/// however many events wait.
/// </summary>
internal sealed class OutboxDispatcher(
    IServiceFlowStore store,
    IClock clock,
    ServiceSupervisionOptions options,
    ISupervisionEventHandler[] handlers,
    RetrySchedule retries,
    TimeProvider time,
    SupervisionTelemetry telemetry)
{
    /// <summary>How many failures in a row end one dispatch call; the events after them wait for the next call.</summary>
    public const int FailuresInARowPerCall = 3;

    /// <summary>Hands out every pending event that is due, batch after batch, each at most once per call.</summary>
    public async ValueTask<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var run = new DispatchRun();
        var seen = new HashSet<Guid>();
        while (!run.GaveUp)
        {
            // Events whose deferral did not take come back in every read: read past them.
            var pending = await store.ReadPendingEventsAsync(clock.GetCurrentInstant(), options.TimerSweepBatchSize + run.NotDeferred, cancellationToken).ConfigureAwait(false);
            var fresh = new List<SupervisionEvent>(pending.Count);
            foreach (var supervisionEvent in pending)
            {
                // An event seen before in this call is one whose deferral or delivery mark did not take (a
                // store that failed, or a clock that went back): it waits for the next call.
                if (seen.Add(supervisionEvent.Id))
                {
                    fresh.Add(supervisionEvent);
                }
            }

            if (fresh.Count == 0)
            {
                break;
            }

            await DispatchAsync(fresh, run, cancellationToken).ConfigureAwait(false);
        }

        return run.Delivered;
    }

    /// <summary>
    /// Hands the events of a change just committed to the handlers, when the options say so. Nothing that
    /// happens here fails the call: events not handled stay pending.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask DispatchCommittedAsync(IReadOnlyList<SupervisionEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0 || !options.DispatchEventsInline)
        {
            return;
        }

        try
        {
            await DispatchAsync(events, new DispatchRun(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller cancelled: the events not handled stay pending.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The store failed to mark them delivered: the events stay pending.
            Log.EventDispatchFailed(telemetry.Logger, exception, events.Count);
        }
    }

    /// <summary>Hands events to every handler; marks delivered the events all handlers took and defers the others.</summary>
    private async ValueTask DispatchAsync(IReadOnlyList<SupervisionEvent> events, DispatchRun run, CancellationToken cancellationToken)
    {
        using var span = SupervisionTelemetry.StartSpan(SupervisionTelemetry.DispatchSpan);
        span?.SetTag(TelemetryTags.EventCount, events.Count);
        var delivered = new List<SupervisionEvent>(events.Count);
        var failed = 0;
        try
        {
            // Indexed, not enumerated: no enumerator to allocate.
            for (var i = 0; i < events.Count; i++)
            {
                var supervisionEvent = events[i];
                cancellationToken.ThrowIfCancellationRequested();
                if (run.GaveUp)
                {
                    break;
                }

                Exception? failure = null;
                ISupervisionEventHandler? failing = null;
                foreach (var handler in handlers)
                {
                    failure = await HandleAsync(handler, supervisionEvent, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        failing = handler;
                        break;
                    }
                }

                if (failure is null)
                {
                    delivered.Add(supervisionEvent);
                    run.Succeeded();
                    continue;
                }

                failed++;
                run.Failed(deferred: await DeferAsync(supervisionEvent, failing!, failure, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception exception) when (SupervisionTelemetry.Observe(span, exception, cancellationToken))
        // Stryker disable once Block,Statement : the filter always returns false, so this block is never entered.
        {
            throw; // never reached: the filter records the failure on the span and lets it pass
        }
        finally
        {
            // Also when the caller cancels half-way: what the handlers took is marked, so it is not handed out again.
            if (delivered.Count > 0)
            {
                await MarkDeliveredAsync(delivered).ConfigureAwait(false);
                run.Delivered += delivered.Count;
            }

            span?.SetTag(TelemetryTags.EventsDelivered, delivered.Count);
            span?.SetTag(TelemetryTags.EventsFailed, failed);
        }
    }

    private async ValueTask MarkDeliveredAsync(List<SupervisionEvent> delivered)
    {
        var ids = new Guid[delivered.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = delivered[i].Id;
        }

        await store.MarkEventsDeliveredAsync(ids, CancellationToken.None).ConfigureAwait(false);
        foreach (var supervisionEvent in delivered)
        {
            telemetry.EventDelivered(supervisionEvent);
        }
    }

    /// <summary>Defers an event whose handler failed, and reports the failure with the attempt it was; returns whether it was deferred.</summary>
    private async ValueTask<bool> DeferAsync(SupervisionEvent supervisionEvent, ISupervisionEventHandler handler, Exception failure, CancellationToken cancellationToken)
    {
        var attempts = 0;
        Instant? retryAt = null;
        try
        {
            var now = clock.GetCurrentInstant();
            attempts = await store.DeferEventAsync(supervisionEvent.Id, count => retries.RetryAt(now, count), cancellationToken).ConfigureAwait(false);
            retryAt = attempts > 0 ? retries.RetryAt(now, attempts) : null;
        }
        catch (Exception deferFailure) when (deferFailure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not deferred: the event stays pending and is tried again by a later dispatch.
            Log.EventDeferFailed(telemetry.Logger, deferFailure, supervisionEvent.Kind, supervisionEvent.Id, supervisionEvent.OrderNumber);
        }

        Log.EventHandlerFailed(telemetry.Logger, failure, handler.GetType().Name, supervisionEvent.Kind, supervisionEvent.Id, supervisionEvent.OrderNumber, attempts, retryAt);
        Report(supervisionEvent, failure);
        return attempts > 0;
    }

    /// <summary>Runs one handler on one event within the handler time limit, in its own span; returns its failure, or null when it handled the event.</summary>
    private async ValueTask<Exception?> HandleAsync(ISupervisionEventHandler handler, SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        var name = handler.GetType().Name;
        using var span = SupervisionTelemetry.StartHandlerSpan(name, supervisionEvent);
        var startedAt = time.GetTimestamp();
        var (failure, timedOut) = await CallAsync(handler, supervisionEvent, cancellationToken).ConfigureAwait(false);
        telemetry.HandlerCompleted(span, name, supervisionEvent, startedAt, failure, timedOut);
        return failure;
    }

    /// <summary>
    /// The handler's failure, or null; and whether it is the time limit's (a handler that throws a
    /// <see cref="TimeoutException"/> of its own, an SMTP read's say, failed: its exception is kept and not called a
    /// timeout).
    /// </summary>
    private async ValueTask<(Exception? Failure, bool TimedOut)> CallAsync(ISupervisionEventHandler handler, SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        var timeout = options.EventHandlerTimeout;
        using var timer = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        // Started on the thread pool, so that even a handler blocking before its first await is bounded; the
        // span of the handler call flows into it.
        var handling = Task.Run(() => handler.HandleAsync(supervisionEvent, limit.Token).AsTask(), CancellationToken.None);

        try
        {
            // A handler that ignores its token is not waited for past the limit: it goes on alone, and the
            // event stays pending (delivery is at least once).
            await handling.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return (null, false);
        }
        catch (TimeoutException exception) when (!ReferenceEquals(exception, handling.Exception?.InnerException))
        {
            // The wait's own: the handler's task holds no such exception (one it threw is its failure, below).
            return (TimedOut(handler, supervisionEvent, timeout), true);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (TimedOut(handler, supervisionEvent, timeout), true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (exception, false);
        }
    }

    private static TimeoutException TimedOut(ISupervisionEventHandler handler, SupervisionEvent supervisionEvent, TimeSpan timeout) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"The event handler {handler.GetType().Name} did not finish {supervisionEvent.Kind} event {supervisionEvent.Id} within {timeout.TotalSeconds} s."));

    /// <summary>The tally of one dispatch call.</summary>
    private sealed class DispatchRun
    {
        private int _failuresInARow;

        public int Delivered { get; set; }

        public int NotDeferred { get; private set; }

        public bool GaveUp => _failuresInARow >= FailuresInARowPerCall;

        public void Succeeded() => _failuresInARow = 0;

        public void Failed(bool deferred)
        {
            _failuresInARow++;
            if (!deferred)
            {
                NotDeferred++;
            }
        }
    }

    /// <summary>Tells the optional callback, a thin hook beside the log and the metrics.</summary>
    private void Report(SupervisionEvent supervisionEvent, Exception exception)
    {
        try
        {
            options.EventHandlerFailed?.Invoke(supervisionEvent, exception);
        }
        catch (Exception callbackFailure) when (callbackFailure is not OutOfMemoryException)
        {
            // A failing callback must not turn an accepted command into an error; the event stays pending.
        }
    }
}
