namespace KooGallery.Supervision;

/// <summary>
/// Applies due timers across flows in bounded batches (completion, R15; stalls, R18; long-open flows, R19; the
/// decision deadline, R25). A flow whose timers cannot be applied is parked by the store for a delay that doubles
/// with each failure in a row, so failing flows never shadow healthy ones; the failure is logged, counted and told to
/// the optional callback once per parking (a parked flow is not found again before its retry instant).
/// </summary>
internal sealed class TimerSweeper(
    IServiceFlowStore store,
    IClock clock,
    FlowTransaction transaction,
    ServiceSupervisionOptions options,
    RetrySchedule retries,
    SupervisionTelemetry telemetry,
    SupervisionMonitor monitor)
{
    /// <summary>
    /// One sweep (<see cref="ServiceSupervisor.ApplyDueTimersAsync"/>): every timer due now, then the pending events,
    /// in a span; the store's gauges are read once afterwards when something listens to them.
    /// </summary>
    public async ValueTask<TimerSweepResult> SweepAsync(OutboxDispatcher outbox, StatusReader status, CancellationToken cancellationToken)
    {
        using var span = SupervisionTelemetry.StartSpan(SupervisionTelemetry.SweepSpan);
        var startedAt = telemetry.Time.GetTimestamp();
        TimerSweepResult result;
        try
        {
            var now = clock.GetCurrentInstant();
            var updated = await CatchUpAsync(now, int.MaxValue, cancellationToken).ConfigureAwait(false);
            var dispatched = await outbox.DispatchPendingAsync(cancellationToken).ConfigureAwait(false);
            result = new TimerSweepResult(now, updated, dispatched);
            monitor.SweepCompleted(now);
            telemetry.SweepCompleted(span, startedAt, now, updated, dispatched);
        }
        catch (Exception exception) when (telemetry.SweepFailed(span, startedAt, exception, cancellationToken))
        {
            throw; // never reached: the filter records the failure and lets it pass
        }

        if (telemetry.StatusObserved)
        {
            // Something listens to the gauges read from the store: refresh them once per sweep.
            try
            {
                await status.ReadAsync(result.AsOf, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.StatusFailed(telemetry.Logger, exception);
            }
        }

        return result;
    }

    /// <summary>Catches up at most <paramref name="maxBatches"/> batches of flows due at <paramref name="now"/>; returns how many flows changed.</summary>
    public async ValueTask<int> CatchUpAsync(Instant now, int maxBatches, CancellationToken cancellationToken)
    {
        var processed = new HashSet<string>(StringComparer.Ordinal);
        var updated = 0;
        for (var batch = 0; batch < maxBatches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = await store.FindDueAsync(now, options.TimerSweepBatchSize, cancellationToken).ConfigureAwait(false);
            var fresh = false;
            foreach (var orderNumber in due)
            {
                if (!processed.Add(orderNumber))
                {
                    continue;
                }

                fresh = true;

                // Cancelled between flows (a host shutting down), the transaction throws before it loads the next
                // flow, and the flows not yet caught up wait for the next sweep.
                try
                {
                    if (await transaction.RunAsync(orderNumber, CatchUpDue.Instance, cancellationToken, now).ConfigureAwait(false))
                    {
                        updated++;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // One flow that cannot be caught up (a policy version no longer registered, a damaged row)
                    // must not stop the timers of every other flow: park it and go on.
                    await ParkAsync(orderNumber, exception, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!fresh || due.Count < options.TimerSweepBatchSize)
            {
                break;
            }
        }

        return updated;
    }

    private async ValueTask ParkAsync(string orderNumber, Exception exception, CancellationToken cancellationToken)
    {
        // The retry counts from the moment of parking, not from the start of a long sweep.
        var now = clock.GetCurrentInstant();
        try
        {
            var failures = await store.ParkTimersAsync(orderNumber, count => retries.RetryAt(now, count), cancellationToken).ConfigureAwait(false);
            if (failures > 0)
            {
                monitor.Parked(orderNumber);
                telemetry.FlowParked();
                Log.FlowParked(telemetry.Logger, exception, orderNumber, failures, retries.RetryAt(now, failures));
            }
        }
        catch (Exception parkFailure) when (parkFailure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store is failing too: the flow stays where it is, and this sweep has already passed it.
            Log.FlowParkFailed(telemetry.Logger, exception, orderNumber);
        }

        Report(orderNumber, exception);
    }

    /// <summary>Tells the optional callback, a thin hook beside the log and the metrics.</summary>
    private void Report(string orderNumber, Exception exception)
    {
        try
        {
            options.TimerFailed?.Invoke(orderNumber, exception);
        }
        catch (Exception callbackFailure) when (callbackFailure is not OutOfMemoryException)
        {
            // A failing callback must not stop the sweep.
        }
    }
}
