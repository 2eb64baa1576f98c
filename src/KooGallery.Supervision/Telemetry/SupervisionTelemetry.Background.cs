using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace KooGallery.Supervision;

/// <summary>What the telemetry records of the flows' background work: lost races, timers applied, sweeps, handler calls, deliveries and parkings.</summary>
internal sealed partial class SupervisionTelemetry
{
    /// <summary>Records a save that lost the race on its flow's version, and whether it is tried again.</summary>
    public void LostRace(string action, string orderNumber, int attempt, bool retried)
    {
        _lostRaces.Add(1, new TagList { { TelemetryTags.Action, action }, { TelemetryTags.Resolution, retried ? TelemetryTags.Retried : TelemetryTags.GaveUp } });
        if (retried)
        {
            Log.FlowChangeRetried(Logger, action, orderNumber, attempt);
        }
        else
        {
            Log.FlowChangeGaveUp(Logger, action, orderNumber, attempt);
        }
    }

    /// <summary>Records the timers a saved change applied: the records by the system among its records.</summary>
    public void TimersApplied(IReadOnlyList<OperationRecord> records, Instant now)
    {
        for (var i = 0; i < records.Count; i++) // by index: a foreach over the interface would box the list's enumerator
        {
            var record = records[i];
            var timer = record.Action switch
            {
                SupervisionAction.CompleteOnSchedule => "completion",
                SupervisionAction.FlagStall => "stall",
                SupervisionAction.FlagLongOpen => "long_open",
                SupervisionAction.FlagAppealOverdue => "appeal_overdue",
                _ => null,
            };
            if (timer is null || record.ActorRole != ActorRole.System)
            {
                continue;
            }

            var tag = new KeyValuePair<string, object?>(TelemetryTags.Timer, timer);
            _timersApplied.Add(1, tag);
            _timerDelay.Record(now > record.At ? (now - record.At).TotalSeconds : 0, tag);
        }
    }

    public void SweepCompleted(Activity? activity, long startedAt, Instant at, int flowsUpdated, int eventsDelivered)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.FlowsUpdated, flowsUpdated);
            activity.SetTag(TelemetryTags.EventsDelivered, eventsDelivered);
            activity.SetTag(TelemetryTags.Outcome, TelemetryTags.Success);
        }

        _sweepDuration.Record(Time.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.Outcome, TelemetryTags.Success));
        Log.SweepCompleted(Logger, at, flowsUpdated, eventsDelivered);
    }

    /// <summary>Records a sweep that threw; returns false, for use in an exception filter.</summary>
    public bool SweepFailed(Activity? activity, long startedAt, Exception exception, CancellationToken cancellationToken)
    {
        if (Stopped(activity, exception, cancellationToken))
        {
            // Stopped by its caller (a host shutting down): nothing failed and nothing is half saved.
            _sweepDuration.Record(Time.GetElapsedTime(startedAt).TotalSeconds, new TagList { { TelemetryTags.Outcome, TelemetryTags.Cancelled } });
            return false;
        }

        Failed(activity, exception);
        _sweepDuration.Record(Time.GetElapsedTime(startedAt).TotalSeconds,
            new TagList { { TelemetryTags.Outcome, TelemetryTags.Error }, { TelemetryTags.ErrorType, exception.GetType().FullName } });
        return false;
    }

    /// <summary>Records one handler call with one event; <paramref name="timedOut"/> when the handler time limit ended it.</summary>
    public void HandlerCompleted(Activity? activity, string handler, SupervisionEvent supervisionEvent, long startedAt, Exception? failure, bool timedOut)
    {
        var kind = supervisionEvent.Kind.ToString();
        var outcome = failure is null ? TelemetryTags.Delivered : timedOut ? TelemetryTags.TimedOut : TelemetryTags.Failed;
        _handlerDuration.Record(Time.GetElapsedTime(startedAt).TotalSeconds,
            new TagList { { TelemetryTags.Handler, handler }, { TelemetryTags.EventKind, kind }, { TelemetryTags.Outcome, outcome } });
        if (failure is not null)
        {
            Failed(activity, failure);
            _handlerFailures.Add(1, new TagList { { TelemetryTags.Handler, handler }, { TelemetryTags.EventKind, kind }, { TelemetryTags.ErrorType, failure.GetType().FullName } });
        }

        activity?.SetTag(TelemetryTags.Outcome, outcome); // the call's own outcome, a failure's kind included
    }

    public void EventDelivered(SupervisionEvent supervisionEvent)
    {
        _eventsDelivered.Add(1, new KeyValuePair<string, object?>(TelemetryTags.EventKind, supervisionEvent.Kind.ToString()));
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Log.EventDelivered(Logger, supervisionEvent.Kind, supervisionEvent.Id, supervisionEvent.OrderNumber);
        }
    }

    public void FlowParked() => _parkings.Add(1);
}
