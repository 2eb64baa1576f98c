using TransitionOf = Stateless.StateMachine<KooGallery.Supervision.Stage, KooGallery.Supervision.Machine.Trigger>.Transition;

namespace KooGallery.Supervision.Machine;

/// <summary>
/// The actions of the definition: what entering a stage or firing an internal transition does to the bound flow
/// (counts, timers, the appeal, the final instants) and which events it raises. <see cref="Configure"/> names them.
/// </summary>
internal sealed partial class SupervisionMachine
{
    private void Raise(SupervisionEventKind kind, Party concerns, string? text) =>
        _raised.Add(new RaisedEvent(kind, concerns, text, _now));

    private void EnterStage(TransitionOf transition)
    {
        if (transition.Trigger == Trigger.ReturnAfterAppeal)
        {
            EndAppeal(transition.Destination, DetailsOf(transition));
        }

        RestartIdleClock();
    }

    private void RestartIdleClock()
    {
        if (_flow.IsFrozen || ServiceFlow.WaitingOnIn(_flow.Stage) == Party.Nobody)
        {
            _flow.IdleSince = null;
            _flow.StallDueAt = null;
        }
        else
        {
            _flow.IdleSince = _now;
            _flow.StallDueAt = Timers.StallClock.StallDueAt(_now, _policy);
        }

        _flow.StallRaised = false;
    }

    private void MarkStalled()
    {
        _flow.StallRaised = true;
        Raise(SupervisionEventKind.Stalled, _flow.WaitingOn, text: null);
    }

    private void MarkLongOpen()
    {
        _flow.LongOpenRaised = true;
        Raise(SupervisionEventKind.LongOpen, Party.Nobody, text: null);
    }

    private void MarkAppealOverdue()
    {
        _flow.Appeal = _flow.Appeal! with { OverdueRaised = true };
        Raise(SupervisionEventKind.AppealOverdue, Party.Nobody, text: null);
    }

    private void CountRequestRejection(CommandDetails details)
    {
        _flow.RequestRejections++;
        Raise(SupervisionEventKind.RequestReturned, Party.Buyer, details.Text);
    }

    private void CountDeliveryRejection(CommandDetails details)
    {
        _flow.DeliveryRejections++;
        Raise(SupervisionEventKind.DeliveryRejected, Party.Seller, details.Text);
    }

    private void RememberDelivery(CommandDetails details)
    {
        _flow.DeliveredAt = _now;
        _flow.EnablingInstant = details.EnablingInstant;
        Raise(SupervisionEventKind.Delivered, Party.Buyer, details.Text);
    }

    private void ScheduleCompletion(CommandDetails details)
    {
        _flow.AcceptedAt = _now;
        _flow.ServiceStart = _flow.EnablingInstant ?? _now;
        _flow.CompletionDueAt = Internal.InstantMath.PlusSaturating(_now, _policy.CompletionDelay);
        _flow.CompletionRemaining = null;
        Raise(SupervisionEventKind.DeliveryAccepted, Party.Seller, details.Text);
    }

    private void RecordReminder(CommandDetails details)
    {
        _flow.LastReminderAt = _now;
        Raise(SupervisionEventKind.ReminderSent, Party.Seller, details.Text);
    }

    private void Freeze(CommandDetails details)
    {
        _flow.Appeal = new Appeal
        {
            OpenedBy = _actor,
            OpenedAt = _now,
            // Stryker disable once NullCoalescing,String : an appeal's reason is required and validated before the machine fires (R23); never null here
            Reason = details.Text ?? string.Empty,
            Proofs = details.References is { Count: > 0 } references ? KooGallery.Supervision.Internal.ReadOnly.Copy(references) : [],
            FrozenStage = _flow.Stage,
            DecisionDueAt = Timers.WorkingDayCalendar.DecisionDueAt(_now, _policy),
        };

        // R20: the idle clock stops and a pending completion pauses with its remaining time.
        _flow.IdleSince = null;
        _flow.StallDueAt = null;
        if (_flow.CompletionDueAt is { } due)
        {
            // Stryker disable once Equality : at due == now both sides give Duration.Zero
            _flow.CompletionRemaining = due > _now ? due - _now : Duration.Zero;
            _flow.CompletionDueAt = null;
        }

        Raise(SupervisionEventKind.AppealOpened, _actor.Role == ActorRole.Buyer ? Party.Seller : Party.Buyer, details.Text);
    }

    private void Resume(CommandDetails details)
    {
        EndAppeal(_flow.Stage, details);
        RestartIdleClock();
    }

    private void EndAppeal(Stage destination, CommandDetails details)
    {
        _flow.Appeal = null;
        if (details.ResetCounts)
        {
            _flow.RequestRejections = 0;
            _flow.DeliveryRejections = 0;
        }

        if (destination == Stage.Accepted && _flow.CompletionRemaining is { } remaining)
        {
            // R24: a paused completion goes on with its remaining time; R15 and R32: never before acceptance
            // plus the delay, even when the clock went back while the flow was frozen.
            var resumed = Internal.InstantMath.PlusSaturating(_now, remaining);
            var earliest = _flow.AcceptedAt is { } accepted ? Internal.InstantMath.PlusSaturating(accepted, _policy.CompletionDelay) : resumed;
            // Stryker disable once Equality : when the two instants are equal either is the answer
            _flow.CompletionDueAt = resumed > earliest ? resumed : earliest;
        }
        // Stryker disable once Equality : every Accepted destination took the branch before (a flow frozen in Accepted keeps a remaining completion time)
        else if (StageProgress.Of(destination) < StageProgress.Of(Stage.Accepted))
        {
            // ReturnTo before acceptance: the acceptance and its pending completion are void.
            _flow.AcceptedAt = null;
            _flow.ServiceStart = null;
            _flow.CompletionDueAt = null;

            // Long open again (R19) only from now on: its record never comes before this decision's.
            if (!_flow.LongOpenRaised && _flow.LongOpenDueAt < _now)
            {
                _flow.LongOpenDueAt = _now;
            }
        }

        _flow.CompletionRemaining = null;
        Raise(SupervisionEventKind.AppealDecided, Party.Nobody, details.Text);
    }

    private void Finish(SupervisionEventKind kind, CommandDetails details)
    {
        if (_flow.IsFrozen)
        {
            EndAppeal(_flow.Stage, details);
        }

        _flow.IdleSince = null;
        _flow.StallDueAt = null;
        _flow.CompletionDueAt = null;
        _flow.CompletionRemaining = null;
        if (kind == SupervisionEventKind.Completed)
        {
            _flow.CompletedAt = _now;

            // R14 for a flow completed by an appeal decision before acceptance: the enabling instant of
            // the last delivery, or the completion itself.
            _flow.ServiceStart ??= _flow.EnablingInstant ?? _now;
        }
        else
        {
            _flow.ClosedAt = _now;
        }

        Raise(kind, Party.Nobody, details.Text);
    }
}
