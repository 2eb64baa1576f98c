using KooGallery.Supervision.Scenarios.Reading;
using NodaTime.Testing;

namespace KooGallery.Supervision.Scenarios.Running;

/// <summary>
/// One play of a scenario: a supervisor over a fresh in-memory store with a fake clock, driven only through
/// the library's public API, step by step, until the first expectation that does not hold.
/// </summary>
internal sealed class ScenarioRun : IDisposable
{
    private const string OpsId = "ops-1";
    private const string StrangerBuyerId = "stranger-buyer";
    private const string StrangerSellerId = "stranger-seller";

    private static readonly ProofReference DefaultStatementOfWork = new("Statement of work", "https://files.example/statement-of-work.pdf");
    private static readonly ProofReference DefaultAcceptanceDocument = new("Acceptance document", "https://files.example/acceptance.pdf");

    private readonly Scenario _scenario;
    private readonly CancellationToken _cancellationToken;
    private readonly FakeClock _clock;
    private readonly EventCapture _events = new();
    private readonly Dictionary<string, NewServiceFlow> _orders = new(StringComparer.Ordinal);
    private ServiceSupervisor _supervisor = null!;
    private NewServiceFlow? _givenOrder;
    private string _currentOrder = OrderSpec.DefaultNumber;
    private int _stepsRun;

    private ScenarioRun(Scenario scenario, CancellationToken cancellationToken)
    {
        _scenario = scenario;
        _cancellationToken = cancellationToken;
        _clock = new FakeClock(scenario.Start);
    }

    /// <summary>Disposes the supervisor of the run (and the meter it owns).</summary>
    public void Dispose() => _supervisor?.Dispose();

    public static async Task<ScenarioResult> RunAsync(Scenario scenario, Func<IServiceFlowStore> createStore, CancellationToken cancellationToken)
    {
        using var run = new ScenarioRun(scenario, cancellationToken);
        var store = createStore();
        try
        {
            if (store is ISupervisionSchema schema)
            {
                await schema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            }

            var failure = run.Start(store) ?? await run.CreateGivenOrderAsync().ConfigureAwait(false) ?? await run.RunStepsAsync().ConfigureAwait(false);
            return ScenarioResult.Of(scenario, run._stepsRun, failure);
        }
        finally
        {
            if (store is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (store is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private ScenarioFailure? Start(IServiceFlowStore store)
    {
        var options = new ServiceSupervisionOptions();
        foreach (var spec in _scenario.Policies)
        {
            var policy = spec.Build();
            try
            {
                policy.Validate();
            }
            catch (ArgumentException exception)
            {
                return Before(spec.Line, "policy", "a policy the library accepts", exception.Message);
            }

            options.Policies.Add(policy);
        }

        try
        {
            _supervisor = new ServiceSupervisor(store, _clock, options, [_events]);
        }
        catch (ArgumentException exception)
        {
            return Before(_scenario.Policies.Count > 0 ? _scenario.Policies[0].Line : 1, "policies", "policies the library accepts", exception.Message);
        }

        return null;
    }

    private async Task<ScenarioFailure?> CreateGivenOrderAsync()
    {
        if (_scenario.Order is not { } spec)
        {
            return null;
        }

        try
        {
            _givenOrder = spec.ToNewFlow(null, _scenario.Start);
        }
        catch (OverflowException exception)
        {
            return Before(spec.Line, "order", "times within the clock's range", exception.Message);
        }

        _orders[_givenOrder.OrderNumber] = _givenOrder;
        _currentOrder = _givenOrder.OrderNumber;
        var created = await _supervisor.CreateFlowAsync(_givenOrder, _cancellationToken).ConfigureAwait(false);
        await _supervisor.DispatchPendingEventsAsync(_cancellationToken).ConfigureAwait(false);
        return created.IsSuccess
            ? null
            : new ScenarioFailure(_scenario.File, spec.Line, 0, "the scenario's order", "order", "the flow is created",
                "refused " + created.Error.Code, StepOutcome.Describe(created.Error), null);
    }

    private async Task<ScenarioFailure?> RunStepsAsync()
    {
        var previous = _scenario.Start;
        foreach (var step in _scenario.Steps)
        {
            Instant at;
            try
            {
                at = step.Time.Resolve(previous);
            }
            catch (OverflowException exception)
            {
                // A time past the end (or before the start) of the clock's range: the step's line says so.
                return Fail(step, step.Line, "at", "an instant within the clock's range", exception.Message, null);
            }

            previous = at;
            _clock.Reset(at); // R32: a time earlier than the previous step's sets the clock back
            _stepsRun++;
            ScenarioFailure? failure;
            try
            {
                failure = await RunStepAsync(step, at).ConfigureAwait(false);
            }
            catch (OverflowException exception)
            {
                // A time the step gives (an enabling instant, an expected instant, a query's range) past the clock's range.
                failure = Fail(step, step.Line, "time", "times within the clock's range", exception.Message, null);
            }

            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    private async Task<ScenarioFailure?> RunStepAsync(ScenarioStep step, Instant at)
    {
        var eventsBefore = _events.Count;
        StepOutcome outcome;
        try
        {
            outcome = await ExecuteAsync(step, at).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OverflowException)
        {
            return Fail(step, step.Line, "the action", "a result or a refusal", $"the library threw {exception.GetType().Name}: {exception.Message}", null);
        }

        var checks = new StepChecks(this, step, at, OrderOf(step), outcome);
        await checks.ReadAsync(_cancellationToken).ConfigureAwait(false);

        // Events the reads' catch-up left pending are handed out too: all a step raised is in its list.
        await _supervisor.DispatchPendingEventsAsync(_cancellationToken).ConfigureAwait(false);
        checks.Events = _events.Since(eventsBefore);
        return checks.FirstFailure();
    }

    internal ScenarioFailure Fail(ScenarioStep step, int line, string key, string expected, string found, SupervisionError? refusal) =>
        new(_scenario.File, line, step.Number, step.Summary, key, expected, found, refusal is null ? null : StepOutcome.Describe(refusal), step.Note);

    private ScenarioFailure Before(int line, string key, string expected, string found) =>
        new(_scenario.File, line, 0, "before the first step", key, expected, found, null, null);

    internal ServiceSupervisor Supervisor => _supervisor;

    /// <summary>The order a step is about: the one it names, else the current one (after a create: the created one).</summary>
    private string OrderOf(ScenarioStep step) =>
        step.Action?.OrderNumber ?? step.Target ?? step.Branches.FirstOrDefault(b => b.OrderNumber is not null)?.OrderNumber ?? _currentOrder;

    internal Actor ActorOf(ScenarioActor actor, string orderNumber)
    {
        var order = _orders.TryGetValue(orderNumber, out var known) ? known : _givenOrder;
        return actor switch
        {
            ScenarioActor.Buyer => Actor.Buyer(order?.BuyerId ?? OrderSpec.DefaultBuyer),
            ScenarioActor.Seller => Actor.Seller(order?.SellerId ?? OrderSpec.DefaultSeller),
            ScenarioActor.Ops => Actor.OperationsManager(OpsId),
            ScenarioActor.StrangerBuyer => Actor.Buyer(StrangerBuyerId),
            ScenarioActor.StrangerSeller => Actor.Seller(StrangerSellerId),
            _ => Actor.System,
        };
    }

    private async Task<StepOutcome> ExecuteAsync(ScenarioStep step, Instant at)
    {
        switch (step.Kind)
        {
            case StepKind.Sweep:
                return new StepOutcome { Sweep = await _supervisor.ApplyDueTimersAsync(_cancellationToken).ConfigureAwait(false) };
            case StepKind.Check:
                return StepOutcome.None;
            case StepKind.Race:
                var commands = step.Branches
                    .Select((branch, i) => Command(branch, at, $"step-{step.Number}-{i + 1}"))
                    .ToArray();
                var racing = commands.Select(command => Task.Run(async () => await _supervisor.ExecuteAsync(command, _cancellationToken).ConfigureAwait(false), _cancellationToken));
                var results = await Task.WhenAll(racing).ConfigureAwait(false);
                return new StepOutcome { Race = results };
        }

        var action = step.Action!;
        var orderNumber = action.OrderNumber ?? _currentOrder;
        switch (action.Action)
        {
            case StepAction.Create:
                var order = action.Inputs.Order!.ToNewFlow(_givenOrder, _scenario.Start);
                _orders.TryAdd(order.OrderNumber, order);
                _currentOrder = order.OrderNumber;
                var created = await _supervisor.CreateFlowAsync(order, _cancellationToken).ConfigureAwait(false);
                return new StepOutcome { Error = created.Error };
            case StepAction.View:
                var view = await _supervisor.GetViewAsync(orderNumber, ActorOf(action.Actor!.Value, orderNumber), _cancellationToken).ConfigureAwait(false);
                return new StepOutcome { Error = view.Error };
            case StepAction.Search:
                var searcher = ActorOf(action.Actor!.Value, orderNumber);
                var page = await _supervisor.SearchAsync(action.Inputs.Query?.Resolve(_scenario.Start, searcher) ?? new FlowQuery(), searcher, _cancellationToken).ConfigureAwait(false);
                return page.IsSuccess ? new StepOutcome { Page = page.Value } : new StepOutcome { Error = page.Error };
            default:
                var result = await _supervisor.ExecuteAsync(Command(action, at, $"step-{step.Number}"), _cancellationToken).ConfigureAwait(false);
                return result.IsSuccess ? new StepOutcome { Command = result.Value } : new StepOutcome { Error = result.Error };
        }
    }

    private SupervisionCommand Command(ActionSpec action, Instant at, string generatedId)
    {
        var orderNumber = action.OrderNumber ?? _currentOrder;
        var actor = ActorOf(action.Actor!.Value, orderNumber);
        var inputs = action.Inputs;
        var id = inputs.CommandId ?? generatedId;
        return action.Action switch
        {
            StepAction.SubmitRequest => new SubmitRequest(id, orderNumber, actor,
                inputs.HasText ? inputs.Text ?? string.Empty : "Please do the work described in the order.", inputs.Fields),
            StepAction.AcceptRequest => new AcceptRequest(id, orderNumber, actor, inputs.Text),
            StepAction.ReturnRequest => new ReturnRequest(id, orderNumber, actor,
                inputs.HasReason ? inputs.Reason ?? string.Empty : "The request is missing details."),
            StepAction.PostProgressUpdate => new PostProgressUpdate(id, orderNumber, actor,
                inputs.HasText ? inputs.Text ?? string.Empty : "The work is under way."),
            StepAction.Deliver => new Deliver(id, orderNumber, actor,
                inputs.HasStatementOfWork ? inputs.StatementOfWork! : DefaultStatementOfWork,
                inputs.HasAcceptanceDocument ? inputs.AcceptanceDocument! : DefaultAcceptanceDocument,
                inputs.Proofs, inputs.Fields, inputs.EnablingInstant?.Resolve(at), inputs.Text),
            StepAction.AcceptDelivery => new AcceptDelivery(id, orderNumber, actor, inputs.Text),
            StepAction.RejectDelivery => new RejectDelivery(id, orderNumber, actor,
                inputs.HasReason ? inputs.Reason ?? string.Empty : "The delivery does not meet the acceptance criteria."),
            StepAction.SendReminder => new SendReminder(id, orderNumber, actor, inputs.Text),
            StepAction.OpenAppeal => new OpenAppeal(id, orderNumber, actor,
                inputs.HasReason ? inputs.Reason ?? string.Empty : "We cannot agree; please decide.", inputs.Proofs),
            _ => new DecideAppeal(id, orderNumber, actor, inputs.HasText ? inputs.Text ?? string.Empty : "Decided after review.",
                inputs.Outcome!.Value, inputs.ReturnTo, inputs.ResetCounts),
        };
    }
}
