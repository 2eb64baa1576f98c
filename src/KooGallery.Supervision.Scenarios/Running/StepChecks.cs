using KooGallery.Supervision.Scenarios.Reading;
using Keys = KooGallery.Supervision.Scenarios.Reading.ExpectationKeys;

namespace KooGallery.Supervision.Scenarios.Running;

/// <summary>
/// Checks the expectations of one step after its action: first whether the action succeeded or was refused
/// as expected (a step that says neither must succeed), then the rest in file order. The flow is read as an
/// operations manager sees it, and the permitted actions as each named actor gets them; both reads happen
/// before the step's events are collected, so what their catch-up raised counts as raised by the step.
/// </summary>
internal sealed class StepChecks(ScenarioRun run, ScenarioStep step, Instant at, string orderNumber, StepOutcome outcome)
{
    private readonly Dictionary<ScenarioActor, SupervisionResult<IReadOnlyList<SupervisionAction>>> _permitted = [];
    private SupervisionResult<FlowView>? _view;

    /// <summary>The events raised during the step, once collected.</summary>
    public IReadOnlyList<SupervisionEvent> Events { get; set; } = [];

    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        if (step.Expectations.Any(e => NeedsView(e.Key)))
        {
            _view = await run.Supervisor.GetViewAsync(orderNumber, run.ActorOf(ScenarioActor.Ops, orderNumber), cancellationToken).ConfigureAwait(false);
        }

        foreach (var expectation in step.Expectations)
        {
            if (expectation.Value is PermittedExpectation { Actor: var actor } && !_permitted.ContainsKey(actor))
            {
                _permitted[actor] = await run.Supervisor.GetPermittedActionsAsync(orderNumber, run.ActorOf(actor, orderNumber), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ScenarioFailure? FirstFailure()
    {
        var aboutOutcome = step.Expectations.Where(e => e.Key is Keys.Ok or Keys.Refused or Keys.Succeeded).ToArray();
        if (step.Kind == StepKind.Action && !aboutOutcome.Any(e => e.Key is Keys.Ok or Keys.Refused) && outcome.Error is { } unexpected)
        {
            return run.Fail(step, step.Line, Keys.Ok, "success (a step that says neither 'ok' nor 'refused' must succeed)",
                "refused " + unexpected.Code, unexpected);
        }

        foreach (var expectation in aboutOutcome.Concat(step.Expectations.Except(aboutOutcome)))
        {
            if (Check(expectation) is { } found)
            {
                return run.Fail(step, expectation.Line, expectation.Key, ExpectedText(expectation), found, outcome.Error);
            }
        }

        return null;
    }

    private static bool NeedsView(string key) =>
        Keys.FromView.Contains(key) || key == Keys.Appeal
        || key.StartsWith(Keys.LastRecord + ".", StringComparison.Ordinal)
        || key.StartsWith(Keys.Appeal + ".", StringComparison.Ordinal);

    private string ExpectedText(ScenarioExpectation expectation) =>
        expectation.Value is TimeSpec { Absolute: null } relative
            ? $"{relative.Text} ({TimeText.Format(relative.Resolve(at))})"
            : expectation.Expected;

    /// <summary>Null when the expectation holds, else what was found instead.</summary>
    private string? Check(ScenarioExpectation expectation)
    {
        var key = expectation.Key;
        var value = expectation.Value;
        switch (key)
        {
            case Keys.Ok:
                return (outcome.Error is null) == (bool)value! ? null : outcome.Error is { } error ? "refused " + error.Code : "success";
            case Keys.Refused when step.Kind == StepKind.Race:
                var refusals = outcome.Race.Where(r => !r.IsSuccess).Select(r => r.Error!.Code).ToArray();
                return refusals.Length == 0 ? "no action refused"
                    : refusals.All(c => c == (SupervisionErrorCode)value!) ? null
                    : "refused " + string.Join(" and ", refusals);
            case Keys.Refused:
                return outcome.Error is not { } refusal ? "success" : refusal.Code == (SupervisionErrorCode)value! ? null : "refused " + refusal.Code;
            case Keys.Succeeded:
                var succeeded = outcome.Race.Count(r => r.IsSuccess);
                return succeeded == (int)value! ? null : Count(succeeded) + RaceDetails();
            case Keys.Reason:
                return WithError(e => e.Reason == (string)value! ? null : e.Reason ?? "no reason");
            case Keys.Message:
                return WithError(e => ((string[])value!).FirstOrDefault(part => !e.Message.Contains(part, StringComparison.Ordinal)) is { } missing
                    ? $"a message without \"{missing}\""
                    : null);
            case Keys.Fields:
                return WithError(e => SameSet(e.Fields.Select(f => f.Field), (string[])value!, StringComparer.Ordinal)
                    ? null
                    : "[" + string.Join(", ", e.Fields.Select(f => f.Field)) + "]");
            case Keys.RetryAt:
                return WithError(e => SameInstant(e.RetryAt, (TimeSpec?)value));
            case Keys.Replay:
                return outcome.Command is { } command
                    ? command.IsReplay == (bool)value! ? null : command.IsReplay ? "true" : "false"
                    : "no command outcome";
            case Keys.Found:
                var found = outcome.Page?.Items.Select(i => i.OrderNumber).ToArray() ?? [];
                return outcome.Page is null ? "no search result"
                    : found.SequenceEqual((string[])value!, StringComparer.Ordinal) ? null
                    : "[" + string.Join(", ", found) + "]";
            case Keys.Swept:
                return outcome.Sweep is { } sweep ? sweep.FlowsUpdated == (int)value! ? null : Count(sweep.FlowsUpdated) : "no sweep";
            case Keys.Events:
                var raised = Events.Select(e => e.Kind).ToArray();
                return SameSet(raised, (SupervisionEventKind[])value!, EqualityComparer<SupervisionEventKind>.Default)
                    ? null
                    : "[" + string.Join(", ", raised) + "]";
        }

        if (value is PermittedExpectation permitted)
        {
            var result = _permitted[permitted.Actor];
            return !result.IsSuccess ? "refused " + StepOutcome.Describe(result.Error)
                : SameSet(result.Value, permitted.Actions, EqualityComparer<SupervisionAction>.Default) ? null
                : "[" + string.Join(", ", result.Value.Select(a => Names.Kebab(a))) + "]";
        }

        if (_view is not { } read)
        {
            return "no view of the flow";
        }

        if (!read.IsSuccess)
        {
            return "no view of order " + orderNumber + ": " + StepOutcome.Describe(read.Error);
        }

        return CheckView(read.Value, key, value);
    }

    private string? CheckView(FlowView view, string key, object? value)
    {
        switch (key)
        {
            case Keys.Stage:
                return Same(view.Stage, (Stage)value!);
            case Keys.Status:
                return Same(view.Status, (OrderStatus)value!);
            case Keys.RequestRejections:
                return Same(view.RequestRejections, (int)value!);
            case Keys.DeliveryRejections:
                return Same(view.DeliveryRejections, (int)value!);
            case Keys.Records:
                return view.Records.Count == (int)value! ? null : Count(view.Records.Count);
            case Keys.WaitingOn:
                var party = view.WaitingOn switch
                {
                    Party.Buyer => WaitingParty.Buyer,
                    Party.Seller => WaitingParty.Seller,
                    Party.OperationsManagers => WaitingParty.Ops,
                    _ => WaitingParty.Nobody,
                };
                return party == (WaitingParty)value! ? null : Names.Kebab(party);
            case Keys.Stalled:
                return Same(view.IsStalled, (bool)value!);
            case Keys.Frozen:
                return Same(view.IsFrozen, (bool)value!);
            case Keys.IdleFor:
                return view.IdleFor == (Duration)value! ? null : TimeText.Format(view.IdleFor);
            case Keys.CompletionDue:
                return SameInstant(view.CompletionDueAt, (TimeSpec?)value);
            case Keys.ServiceStart:
                return SameInstant(view.ServiceStart, (TimeSpec?)value);
            case Keys.NextReminder:
                return SameInstant(view.NextReminderAllowedAt, (TimeSpec?)value);
            case Keys.PolicyVersion:
                return view.PolicyVersion == (string)value! ? null : view.PolicyVersion;
            case Keys.Appeal:
                return view.Appeal is not { } open ? null
                    : $"an appeal opened by {open.OpenedBy.Role} '{open.OpenedBy.Id}' at {TimeText.Format(open.OpenedAt)}";
        }

        if (key.StartsWith(Keys.Appeal + ".", StringComparison.Ordinal))
        {
            return view.Appeal is { } appeal ? CheckAppeal(appeal, key[(Keys.Appeal.Length + 1)..], value) : "no open appeal";
        }

        return view.Records.Count == 0 ? "no records" : CheckRecord(view.Records[^1], key[(Keys.LastRecord.Length + 1)..], value);
    }

    private string? CheckAppeal(Appeal appeal, string field, object? value) => field switch
    {
        "opened-by" => appeal.OpenedBy == run.ActorOf((ScenarioActor)value!, orderNumber) ? null : $"{appeal.OpenedBy.Role} '{appeal.OpenedBy.Id}'",
        "frozen-stage" => Same(appeal.FrozenStage, (Stage)value!),
        "opened-at" => SameInstant(appeal.OpenedAt, (TimeSpec)value!),
        "decision-due" => SameInstant(appeal.DecisionDueAt, (TimeSpec)value!),
        _ => appeal.Reason == (string)value! ? null : $"\"{appeal.Reason}\"",
    };

    private string? CheckRecord(OperationRecord record, string field, object? value)
    {
        switch (field)
        {
            case "action":
                return record.Action == (SupervisionAction)value! ? null : Names.Kebab(record.Action);
            case "by":
                var actor = (ScenarioActor)value!;
                var expected = run.ActorOf(actor, orderNumber);
                return record.ActorRole == expected.Role && (actor == ScenarioActor.System || record.ActorId == expected.Id)
                    ? null
                    : $"{record.ActorRole} '{record.ActorId}'";
            case "before":
                return Same(record.StageBefore, (Stage)value!);
            case "after":
                return Same(record.StageAfter, (Stage)value!);
            case "at":
                return SameInstant(record.At, (TimeSpec?)value);
            default:
                return record.Text == (string?)value ? null : record.Text is null ? "none" : $"\"{record.Text}\"";
        }
    }

    private string? WithError(Func<SupervisionError, string?> check) => outcome.Error is { } error ? check(error) : "success";

    private string? SameInstant(Instant? actual, TimeSpec? expected)
    {
        var wanted = expected?.Resolve(at);
        return actual == wanted ? null : TimeText.Format(actual);
    }

    private string RaceDetails() => " (" + string.Join("; ", outcome.Race.Select(r => r.IsSuccess ? "success" : "refused " + StepOutcome.Describe(r.Error))) + ")";

    private static string? Same<T>(T actual, T expected)
        where T : notnull => EqualityComparer<T>.Default.Equals(actual, expected) ? null : Convert.ToString(actual, CultureInfo.InvariantCulture)?.ToString() switch
        {
            "True" => "true",
            "False" => "false",
            var text => text,
        };

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static bool SameSet<T>(IEnumerable<T> actual, IEnumerable<T> expected, IEqualityComparer<T> comparer)
        where T : notnull
    {
        var left = actual.GroupBy(x => x, comparer).ToDictionary(g => g.Key, g => g.Count(), comparer);
        var right = expected.GroupBy(x => x, comparer).ToDictionary(g => g.Key, g => g.Count(), comparer);
        return left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var n) && n == pair.Value);
    }
}
