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
/// </summary>
internal sealed class OutboxDispatcher(
    IServiceFlowStore store,
    IClock clock,
    ServiceSupervisionOptions options,
    ISupervisionEventHandler[] handlers,
    RetrySchedule retries,
    TimeProvider time)
{
    /// <summary>Hands out every pending event that is due, batch after batch, each at most once per call.</summary>
    public async ValueTask<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        var seen = new HashSet<Guid>();
        while (true)
        {
            var pending = await store.ReadPendingEventsAsync(clock.GetCurrentInstant(), options.TimerSweepBatchSize, cancellationToken).ConfigureAwait(false);
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
                return delivered;
            }

            delivered += await DispatchAsync(fresh, cancellationToken).ConfigureAwait(false);
        }
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
            await DispatchAsync(events, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The store failed to mark them delivered, or the caller cancelled: the events stay pending.
        }
    }

    /// <summary>Hands events to every handler; marks delivered the events all handlers took and defers the others.</summary>
    private async ValueTask<int> DispatchAsync(IReadOnlyList<SupervisionEvent> events, CancellationToken cancellationToken)
    {
        var delivered = new List<Guid>(events.Count);
        foreach (var supervisionEvent in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
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

            Report(supervisionEvent, failure, attempts);
        }

        if (delivered.Count > 0)
        {
            await store.MarkEventsDeliveredAsync(delivered, CancellationToken.None).ConfigureAwait(false);
        }

        return delivered.Count;
    }

    /// <summary>Runs one handler on one event within the handler time limit; returns its failure, or null when it handled the event.</summary>
    private async ValueTask<Exception?> HandleAsync(ISupervisionEventHandler handler, SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        var timeout = options.EventHandlerTimeout;
        using var timer = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        Task handling;
        try
        {
            handling = handler.HandleAsync(supervisionEvent, limit.Token).AsTask();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return exception;
        }

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
