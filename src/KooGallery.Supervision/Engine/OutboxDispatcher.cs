using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;

namespace KooGallery.Supervision;

/// <summary>
/// Hands saved events to the handlers (the transactional outbox): every handler call bounded by
/// <see cref="ServiceSupervisionOptions.EventHandlerTimeout"/> and the caller's token; an event all handlers
/// took is marked delivered, one whose handler failed or timed out stays pending and is deferred by the
/// <see cref="RetrySchedule"/>, so it never holds up the events behind it. Delivery is at least once.
/// One call gives up after <see cref="FailuresInARowPerCall"/> failures in a row (a handler that is down,
/// or hangs until its time limit), leaving the rest pending for the next call, so a sweep that dispatches
/// is bounded however many events wait.
/// </summary>
internal sealed class OutboxDispatcher(
    IServiceFlowStore store,
    IClock clock,
    ServiceSupervisionOptions options,
    ISupervisionEventHandler[] handlers,
    RetrySchedule retries,
    TimeProvider time)
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
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The store failed to mark them delivered, or the caller cancelled: the events stay pending.
        }
    }

    /// <summary>Hands events to every handler; marks delivered the events all handlers took and defers the others.</summary>
    private async ValueTask DispatchAsync(IReadOnlyList<SupervisionEvent> events, DispatchRun run, CancellationToken cancellationToken)
    {
        var delivered = new List<Guid>(events.Count);
        try
        {
            foreach (var supervisionEvent in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (run.GaveUp)
                {
                    return;
                }

                Exception? failure = null;
                foreach (var handler in handlers)
                {
                    failure = await HandleAsync(handler, supervisionEvent, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        break;
                    }
                }

                if (failure is null)
                {
                    delivered.Add(supervisionEvent.Id);
                    run.Succeeded();
                    continue;
                }

                var attempts = 0;
                try
                {
                    var now = clock.GetCurrentInstant();
                    attempts = await store.DeferEventAsync(supervisionEvent.Id, count => retries.RetryAt(now, count), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception deferFailure) when (deferFailure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Not deferred: the event stays pending and is tried again by a later dispatch.
                }

                run.Failed(deferred: attempts > 0);
                Report(supervisionEvent, failure, attempts);
            }
        }
        finally
        {
            // What the handlers took is marked even when the call ends early (cancelled, or given up), so a
            // stop does not hand those events out again.
            if (delivered.Count > 0)
            {
                await store.MarkEventsDeliveredAsync(delivered, CancellationToken.None).ConfigureAwait(false);
                run.Delivered += delivered.Count;
            }
        }
    }

    /// <summary>Runs one handler on one event within the handler time limit; returns its failure, or null when it handled the event.</summary>
    private async ValueTask<Exception?> HandleAsync(ISupervisionEventHandler handler, SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        var timeout = options.EventHandlerTimeout;
        using var timer = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        // Started on the thread pool, so that even a handler blocking before its first await is bounded.
        var handling = Task.Run(() => handler.HandleAsync(supervisionEvent, limit.Token).AsTask(), CancellationToken.None);

        try
        {
            // A handler that ignores its token is not waited for past the limit: it goes on alone, and the
            // event stays pending (delivery is at least once).
            await handling.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            return TimedOut(handler, supervisionEvent, timeout);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return TimedOut(handler, supervisionEvent, timeout);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return exception;
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

    private void Report(SupervisionEvent supervisionEvent, Exception exception, int attempts)
    {
        _ = attempts;
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
