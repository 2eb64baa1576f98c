using System.Globalization;
using KooGallery.Supervision.Internal;
using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// A command as a <see cref="FlowWork{T}"/>: authorized before anything about its id is looked up (actors and access,
/// R1; command ids, R30), its input taken once, a retry replayed, then decided by the machine on a draft whose timers
/// are caught up: freeze (the appeal freeze, R20), stage, input, guards (the buyer's appeal, R21; reminders, R17), in
/// that order.
/// </summary>
internal sealed class CommandWork(IServiceFlowStore store, PolicyCatalog policies, SupervisionCommand command) : FlowWork<SupervisionResult<CommandOutcome>>
{
    private SupervisionCommand _command = command;
    private CommandInput? _input;
    private CommandContent? _content;
    private string? _fingerprint;
    private SupervisionResult<CommandOutcome>? _answer;

    public override bool DispatchInline => true;

    public override string Action => _command.Action.ToString();

    public override string CommandId => _command.CommandId;

    public override ValueTask<(bool Done, SupervisionResult<CommandOutcome> Result)> AdmitAsync(ServiceFlow? stored, CommandOutcome? prior, Instant now, CancellationToken cancellationToken)
    {
        if (stored is null)
        {
            return new((true, Errors.NotFound(_command.OrderNumber)));
        }

        // R1 and R30: the outcome under the command id, read with the flow, says nothing to an actor not
        // authorized on the flow: it is not looked at before.
        if (Authorizer.AuthorizeCommand(stored, _command) is { } forbidden)
        {
            return new((true, forbidden));
        }

        if (_input is null)
        {
            // The caller's input is taken once: every later step reads this copy, and no more of a
            // collection is read than the flow's policy allows.
            _input = new CommandInput(stored, policies.For(stored));
            _command = _command.TakeInput(_input);
            _content = new CommandContent();
            _command.Describe(_content);
        }

        // The command id was read no earlier than the flow: if the first call of a retried command saved before,
        // the id is found; if it saves later, this attempt's save loses the version race (R30). A retry is answered
        // after the flow's due timers are caught up and kept, as every command is (completion, R15).
        _answer = prior is null ? null : (SupervisionResult<CommandOutcome>?)ReplayOrReuse(prior);
        return new((false, default!));
    }

    public override FlowDecision<SupervisionResult<CommandOutcome>> Decide(FlowAttempt attempt)
    {
        if (_answer is { } answer)
        {
            // A retry (or an id reused for another command): answered as first found. It takes the refused path, so
            // the caught-up timers are saved as for a refused command, best effort: a lost save never turns a
            // replay into a conflict (whoever won caught the timers up too).
            return new(answer, Refused: true);
        }

        var (stored, draft, policy, now, changes, machine) = attempt;
        var stageBefore = draft.Stage;
        if (_command.ExpectedVersion is { } expected && (expected != stored.Version || changes.HasAny))
        {
            // Checked against the version this attempt saves against: a change saved in between loses the race and
            // the next attempt sees the newer version, so the check cannot be slipped past (concurrency, R31). A timer
            // that fell due since is a change too, whether or not a read saved it first: the caller did not see the
            // caught-up flow, which is kept (R15) as the next version.
            // (A version the caller cannot have seen, the one the catch-up is about to take, is answered with the stored one.)
            var current = changes.HasAny && expected != stored.Version + 1 ? stored.Version + 1 : stored.Version;
            return new(Errors.StaleVersion(_command.OrderNumber, expected, current, draft.Stage), Refused: true);
        }

        if (Decide(machine, draft, policy, now, _command, _content!, _input!.Errors) is { } refusal)
        {
            return new(refusal, Refused: true);
        }

        // Validated: every text is within the policy's limits, so the fingerprint costs what the command may.
        _fingerprint ??= CommandFingerprint.Of(_command, _content!);
        var record = changes.AddCommandRecord(draft, _command, _content!, stageBefore, now, machine.Raised);
        var outcome = record.ToOutcome(stored.Version + 1, _fingerprint);
        return new(outcome, Outcome: outcome);
    }

    public override async ValueTask<(bool Replaced, SupervisionResult<CommandOutcome> Result)> OnRefusedAsync(SupervisionResult<CommandOutcome> refusal, CancellationToken cancellationToken)
    {
        if (_answer is not null)
        {
            return (false, refusal); // the answer to a retry, found with the flow: nothing to look up again
        }

        // A refusal may come from the effect of this very command's first call (a retry on a store that
        // showed the new flow before the stored outcome): replay it if so (R30).
        var late = await store.FindCommandOutcomeAsync(_command.OrderNumber, _command.CommandId, cancellationToken).ConfigureAwait(false);
        return late is null ? (false, refusal) : (true, ReplayOrReuse(late));
    }

    // The loser of a race (R31) whose stage the winner left gets a Conflict, with the stage and what is permitted
    // now. Other refusals keep the rule that made them, with its details: an appeal the winner opened is Frozen
    // (R20, with its retry instant), a guard no longer met is ConditionNotMet, a stale expected version StaleVersion.
    public override SupervisionResult<CommandOutcome> RefusedAfterLostRace(SupervisionResult<CommandOutcome> refusal) =>
        _answer is not null || refusal.Error!.Code != SupervisionErrorCode.NotPermittedInStage
            ? refusal
            : new SupervisionError
            {
                Code = SupervisionErrorCode.Conflict,
                Reason = SupervisionErrorReason.NoLongerApplies,
                Message = $"Order {_command.OrderNumber} changed concurrently while this command was applied, and it no longer applies: {refusal.Error.Message} Read the flow again.",
                Stage = refusal.Error.Stage,
                PermittedActions = refusal.Error.PermittedActions,
            };

    public override SupervisionResult<CommandOutcome> GaveUp(FlowDecision<SupervisionResult<CommandOutcome>> last) =>
        Errors.Conflict(SupervisionErrorReason.VersionConflict,
            string.Create(CultureInfo.InvariantCulture, $"Order {_command.OrderNumber} changed concurrently while this command was applied; read the flow again and retry with the same command id."));

    private SupervisionResult<CommandOutcome> ReplayOrReuse(CommandOutcome prior)
    {
        // Input larger than the flow accepts cannot repeat an accepted command: it is not hashed at all.
        if (!_input!.IsOversized && _input.Errors.Count == 0 && CommandFingerprint.Matches(prior.Fingerprint, _command, _content!, ref _fingerprint))
        {
            return prior with { IsReplay = true };
        }

        // Ids are scoped to their flow, and both parties read its records (command ids included), so naming
        // the earlier action tells the caller nothing it may not see.
        var detail = prior.Action == _command.Action ? $" for another {prior.Action} on this order" : $" for a {prior.Action} on this order";
        return Errors.Conflict(SupervisionErrorReason.CommandIdReused,
            $"Command id '{_command.CommandId}' was already used{detail}; a retry must repeat that command exactly, and a new command needs a new id.");
    }

    private static SupervisionError? Decide(SupervisionMachine machine, ServiceFlow draft, SupervisionPolicy policy, Instant now, SupervisionCommand command, CommandContent content, IReadOnlyList<FieldError> inputErrors)
    {
        var actor = command.Actor;
        var trigger = command.Trigger;
        machine.Bind(draft, policy, actor, now);
        if (machine.FreezeBlocksActor())
        {
            return Errors.Frozen(draft);
        }

        // An appeal decision is one action whatever its outcome: where the stage takes decisions at all, a
        // ReturnTo that names no earlier stage is judged by its input (Validation), as in every other stage,
        // even where no earlier stage exists (AwaitingRequest) and so the ReturnTo trigger is not configured.
        var decisionTakenHere = command is DecideAppeal && machine.IsConfiguredInStage(Trigger.ResumeAfterAppeal);
        if (decisionTakenHere && !draft.IsFrozen)
        {
            // With no appeal open there is nothing to decide: said before the input is judged, as for any action
            // the stage does not take now, whatever the decision's input.
            return Errors.NotPermittedInStage(command.Action, draft, machine.PermittedActions(), noOpenAppeal: true);
        }

        if (!machine.IsConfiguredInStage(trigger) && !decisionTakenHere)
        {
            return Errors.NotPermittedInStage(command.Action, draft, machine.PermittedActions());
        }

        var validation = new CommandValidation(draft, policy, now);
        foreach (var error in inputErrors)
        {
            validation.Add(error.Field, error.Message);
        }

        command.Validate(validation);
        if (validation.HasErrors)
        {
            return Errors.Validation(validation.Errors, stage: draft.Stage);
        }

        // The command's data enters the machine as the trigger's parameters. The guards are evaluated once,
        // by the fire itself; a guard that does not hold changes nothing.
        var decision = command as DecideAppeal;
        var details = new CommandDetails(content.Text, content.References, (command as Deliver)?.EnablingInstant, decision?.ReturnTo, decision?.ResetRejectionCounts ?? false);
        return machine.TryFire(trigger, details) ? null : Unmet(machine, draft, policy, now, command);
    }

    private static SupervisionError Unmet(SupervisionMachine machine, ServiceFlow draft, SupervisionPolicy policy, Instant now, SupervisionCommand command)
    {
        switch (command.Trigger)
        {
            case Trigger.OpenAppeal:
            {
                var conditions = AppealConditions.Describe(draft, policy, now, command.Actor.Role);
                return new SupervisionError
                {
                    Code = SupervisionErrorCode.ConditionNotMet,
                    Reason = SupervisionErrorReason.AppealConditionsNotMet,
                    Message = $"The {command.Actor.Role.ToString().ToLowerInvariant()} may not appeal yet; one condition must hold: {AppealConditions.Summarize(conditions)}.{AppealConditions.StallOutlook(draft, policy, now, conditions)}",
                    Conditions = conditions,
                    Stage = draft.Stage,
                };
            }

            case Trigger.SendReminder:
            {
                var last = draft.LastReminderAt!.Value;
                var elapsed = now > last ? now - last : Duration.Zero;
                var next = ReminderRule.NextAllowedAt(draft, policy)!.Value;
                var condition = new ConditionProgress
                {
                    Condition = "ReminderInterval",
                    Holds = false,
                    Description = $"last reminder {DurationText.Format(elapsed)} ago of {DurationText.Format(policy.ReminderInterval)}",
                    Elapsed = elapsed,
                    Required = policy.ReminderInterval,
                    HoldsFrom = next,
                };
                return new SupervisionError
                {
                    Code = SupervisionErrorCode.ConditionNotMet,
                    Reason = SupervisionErrorReason.ReminderTooSoon,
                    Message = $"One reminder per {DurationText.Format(policy.ReminderInterval)}: the last was sent at {last}; the next is allowed from {next}.",
                    Conditions = [condition],
                    RetryAt = next,
                    Stage = draft.Stage,
                };
            }

            default:
            {
                var noOpenAppeal = !draft.IsFrozen && command.Trigger is Trigger.ResumeAfterAppeal or Trigger.ReturnAfterAppeal or Trigger.CompleteOnAppeal or Trigger.CloseOnAppeal;
                return Errors.NotPermittedInStage(command.Action, draft, machine.PermittedActions(), noOpenAppeal);
            }
        }
    }
}
