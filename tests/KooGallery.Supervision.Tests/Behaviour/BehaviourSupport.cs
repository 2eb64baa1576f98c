using System.Threading;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>Who acts in a behaviour test (enums keep theory data serializable).</summary>
public enum Who
{
    Buyer,
    Seller,
    OperationsManager,
    System,
    OtherBuyer,
    OtherSeller,
}

/// <summary>Builds commands and drives flows to the stage where an action is permitted.</summary>
public static class Scenario
{
    public static readonly SupervisionAction[] CommandActions =
    [
        SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest, SupervisionAction.ReturnRequest,
        SupervisionAction.PostProgressUpdate, SupervisionAction.Deliver, SupervisionAction.AcceptDelivery,
        SupervisionAction.RejectDelivery, SupervisionAction.SendReminder, SupervisionAction.OpenAppeal,
        SupervisionAction.DecideAppeal,
    ];

    public static Actor ActorOf(Who who) => who switch
    {
        Who.Buyer => TestHost.Buyer,
        Who.Seller => TestHost.Seller,
        Who.OperationsManager => TestHost.Manager,
        Who.System => Actor.System,
        Who.OtherBuyer => TestHost.OtherBuyer,
        Who.OtherSeller => TestHost.OtherSeller,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    /// <summary>The party that rightfully takes an action (the buyer for OpenAppeal; the seller may too).</summary>
    public static Actor RightfulActor(SupervisionAction action) => action switch
    {
        SupervisionAction.SubmitRequest or SupervisionAction.AcceptDelivery or SupervisionAction.RejectDelivery
            or SupervisionAction.SendReminder or SupervisionAction.OpenAppeal => TestHost.Buyer,
        SupervisionAction.AcceptRequest or SupervisionAction.ReturnRequest or SupervisionAction.PostProgressUpdate
            or SupervisionAction.Deliver => TestHost.Seller,
        SupervisionAction.DecideAppeal => TestHost.Manager,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static bool IsRightful(SupervisionAction action, Who who) => action switch
    {
        SupervisionAction.OpenAppeal => who is Who.Buyer or Who.Seller,
        _ => ActorOf(who) == RightfulActor(action),
    };

    /// <summary>A valid command of <paramref name="action"/>; <paramref name="text"/> replaces its text, reason or note.</summary>
    public static SupervisionCommand Command(SupervisionAction action, string commandId, Actor actor, string orderNumber = "ORD-1", string? text = null) => action switch
    {
        SupervisionAction.SubmitRequest => new SubmitRequest(commandId, orderNumber, actor, text ?? "Please migrate our database."),
        SupervisionAction.AcceptRequest => new AcceptRequest(commandId, orderNumber, actor, text),
        SupervisionAction.ReturnRequest => new ReturnRequest(commandId, orderNumber, actor, text ?? "Missing the target version."),
        SupervisionAction.PostProgressUpdate => new PostProgressUpdate(commandId, orderNumber, actor, text ?? "Schema copied, data next."),
        SupervisionAction.Deliver => new Deliver(commandId, orderNumber, actor, TestHost.Sow, TestHost.AcceptanceDoc, Note: text),
        SupervisionAction.AcceptDelivery => new AcceptDelivery(commandId, orderNumber, actor, text),
        SupervisionAction.RejectDelivery => new RejectDelivery(commandId, orderNumber, actor, text ?? "The report is incomplete."),
        SupervisionAction.SendReminder => new SendReminder(commandId, orderNumber, actor, text),
        SupervisionAction.OpenAppeal => new OpenAppeal(commandId, orderNumber, actor, text ?? "We cannot agree; please decide."),
        SupervisionAction.DecideAppeal => new DecideAppeal(commandId, orderNumber, actor, text ?? "Resumed after review.", AppealOutcome.Resume),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>
    /// Creates a flow and drives it to a stage where <paramref name="action"/> is permitted for its rightful
    /// party: for OpenAppeal the request was returned 3 times (so the buyer may appeal too), for DecideAppeal
    /// the seller opened an appeal in InService.
    /// </summary>
    public static async Task PrepareAsync(TestHost host, SupervisionAction action, string orderNumber = "ORD-1")
    {
        switch (action)
        {
            case SupervisionAction.SubmitRequest:
                await host.FlowInStageAsync(Stage.AwaitingRequest, orderNumber);
                break;
            case SupervisionAction.AcceptRequest or SupervisionAction.ReturnRequest or SupervisionAction.SendReminder:
                await host.FlowInStageAsync(Stage.RequestSubmitted, orderNumber);
                break;
            case SupervisionAction.PostProgressUpdate or SupervisionAction.Deliver:
                await host.FlowInStageAsync(Stage.InService, orderNumber);
                break;
            case SupervisionAction.AcceptDelivery or SupervisionAction.RejectDelivery:
                await host.FlowInStageAsync(Stage.Delivered, orderNumber);
                break;
            case SupervisionAction.OpenAppeal:
                await host.FlowInStageAsync(Stage.RequestReturned, orderNumber);
                await host.SubmitAsync(orderNumber);
                await host.ReturnRequestAsync(orderNumber);
                await host.SubmitAsync(orderNumber);
                await host.ReturnRequestAsync(orderNumber);
                (await host.FlowAsync(orderNumber)).RequestRejections.Should().Be(3);
                break;
            case SupervisionAction.DecideAppeal:
                await host.FlowInStageAsync(Stage.InService, orderNumber);
                await host.SellerAppealAsync(orderNumber);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    /// <summary>Asserts that nothing changed since <paramref name="before"/>: flow, records, outbox and handled events.</summary>
    public static async Task ShouldBeUnchangedAsync(this TestHost host, TestHost.Snapshot before, string orderNumber = "ORD-1")
    {
        var after = await host.SnapshotAsync(orderNumber);
        after.Flow.Should().NotBeNull();
        after.Flow!.Version.Should().Be(before.Flow!.Version, "a refused action saves no new version");
        after.Flow.Stage.Should().Be(before.Flow.Stage);
        after.Flow.RequestRejections.Should().Be(before.Flow.RequestRejections);
        after.Flow.DeliveryRejections.Should().Be(before.Flow.DeliveryRejections);
        after.Flow.Appeal.Should().Be(before.Flow.Appeal);
        after.RecordCount.Should().Be(before.RecordCount, "a refused action appends no record");
        after.PendingEvents.Should().Be(before.PendingEvents, "a refused action raises no event");
        after.HandledEvents.Should().Be(before.HandledEvents, "a refused action hands out no event");
        after.Should().Be(before);
    }
}

/// <summary>
/// An in-memory store that can pause one call right after it returned (after a load, or after a command
/// outcome look-up), so a test can interleave two commands deterministically without sleeping.
/// </summary>
public sealed class GatedStore : IServiceFlowStore
{
    private readonly InMemoryServiceFlowStore _inner = new();
    private Pause? _nextLoad;
    private Pause? _nextFind;

    /// <summary>Pauses the next <see cref="LoadAsync"/> after it read the flow.</summary>
    public Pause PauseNextLoad()
    {
        var pause = new Pause();
        Volatile.Write(ref _nextLoad, pause);
        return pause;
    }

    /// <summary>Pauses the next <see cref="FindCommandOutcomeAsync"/> after it looked the outcome up.</summary>
    public Pause PauseNextFind()
    {
        var pause = new Pause();
        Volatile.Write(ref _nextFind, pause);
        return pause;
    }

    public async ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken)
    {
        var flow = await _inner.LoadAsync(orderNumber, cancellationToken);
        if (Interlocked.Exchange(ref _nextLoad, null) is { } pause)
        {
            await pause.HoldAsync();
        }

        return flow;
    }

    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) => _inner.ReadRecordsAsync(orderNumber, cancellationToken);

    public async ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        var outcome = await _inner.FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken);
        if (Interlocked.Exchange(ref _nextFind, null) is { } pause)
        {
            await pause.HoldAsync();
        }

        return outcome;
    }

    public ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) => _inner.SaveAsync(change, cancellationToken);

    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) => _inner.SearchAsync(query, now, cancellationToken);

    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) => _inner.FindDueAsync(now, maxCount, cancellationToken);

    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) => _inner.ReadPendingEventsAsync(now, maxCount, cancellationToken);

    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) => _inner.ParkTimersAsync(orderNumber, retryAt, cancellationToken);

    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) => _inner.DeferEventAsync(eventId, retryAt, cancellationToken);

    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) => _inner.MarkEventsDeliveredAsync(eventIds, cancellationToken);

    /// <summary>One paused call: <see cref="Reached"/> completes when the call is held; <see cref="Release"/> lets it go on.</summary>
    public sealed class Pause
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        internal Task HoldAsync()
        {
            _reached.TrySetResult();
            return _released.Task;
        }
    }
}
