using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace KooGallery.Supervision.Tests.Support;

/// <summary>
/// A supervisor over an in-memory store with a fake clock and a recording event handler, plus
/// helpers that drive a flow to any stage through the public API.
/// </summary>
public sealed class TestHost
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0); // a Monday

    private int _commandCounter;

    public TestHost(SupervisionPolicy? policy = null, IServiceFlowStore? store = null, params SupervisionPolicy[] morePolicies)
    {
        Clock = new FakeClock(Start);
        Store = store ?? new InMemoryServiceFlowStore();
        Options = new ServiceSupervisionOptions();
        if (policy is not null)
        {
            Options.Policies.Add(policy);
        }

        foreach (var extra in morePolicies)
        {
            Options.Policies.Add(extra);
        }

        Events = new RecordingEventHandler();
        Supervisor = new ServiceSupervisor(Store, Clock, Options, [Events]);
    }

    public FakeClock Clock { get; }

    public IServiceFlowStore Store { get; }

    public ServiceSupervisionOptions Options { get; }

    public RecordingEventHandler Events { get; }

    public ServiceSupervisor Supervisor { get; }

    public static Actor Buyer { get; } = Actor.Buyer("buyer-1");

    public static Actor Seller { get; } = Actor.Seller("seller-1");

    public static Actor Manager { get; } = Actor.OperationsManager("ops-1");

    public static Actor OtherBuyer { get; } = Actor.Buyer("buyer-2");

    public static Actor OtherSeller { get; } = Actor.Seller("seller-2");

    public static ProofReference Sow { get; } = new("Statement of work", "https://files.example/sow.pdf");

    public static ProofReference AcceptanceDoc { get; } = new("Acceptance document", "https://files.example/acceptance.pdf");

    public string NextCommandId() => "cmd-" + Interlocked.Increment(ref _commandCounter);

    public static NewServiceFlow Order(string orderNumber = "ORD-1", ProductKind kind = ProductKind.ProfessionalService, Instant? placedAt = null) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = Buyer.Id,
        SellerId = Seller.Id,
        ProductId = "product-1",
        ProductKind = kind,
        AmountPaid = 1200m,
        Currency = "CNY",
        PlacedAt = placedAt ?? Start - Duration.FromMinutes(5),
    };

    public async Task<ServiceFlow> CreateAsync(string orderNumber = "ORD-1", ProductKind kind = ProductKind.ProfessionalService)
        => (await Supervisor.CreateFlowAsync(Order(orderNumber, kind))).GetValueOrThrow();

    public async Task<ServiceFlow> CreateAsync(NewServiceFlow order)
        => (await Supervisor.CreateFlowAsync(order)).GetValueOrThrow();

    public ValueTask<SupervisionResult<CommandOutcome>> RunAsync(SupervisionCommand command) => Supervisor.ExecuteAsync(command);

    public async Task<CommandOutcome> MustAsync(SupervisionCommand command) => (await Supervisor.ExecuteAsync(command)).GetValueOrThrow();

    public async Task<ServiceFlow> FlowAsync(string orderNumber = "ORD-1") => (await Store.LoadAsync(orderNumber, CancellationToken.None))!;

    public async Task<FlowView> ViewAsync(Actor viewer, string orderNumber = "ORD-1") => (await Supervisor.GetViewAsync(orderNumber, viewer)).GetValueOrThrow();

    public Task<CommandOutcome> SubmitAsync(string orderNumber = "ORD-1") => MustAsync(new SubmitRequest(NextCommandId(), orderNumber, Buyer, "Please migrate our database."));

    public Task<CommandOutcome> AcceptRequestAsync(string orderNumber = "ORD-1") => MustAsync(new AcceptRequest(NextCommandId(), orderNumber, Seller));

    public Task<CommandOutcome> ReturnRequestAsync(string orderNumber = "ORD-1") => MustAsync(new ReturnRequest(NextCommandId(), orderNumber, Seller, "Missing the target version."));

    public Task<CommandOutcome> DeliverAsync(string orderNumber = "ORD-1") => MustAsync(new Deliver(NextCommandId(), orderNumber, Seller, Sow, AcceptanceDoc));

    public Task<CommandOutcome> AcceptDeliveryAsync(string orderNumber = "ORD-1") => MustAsync(new AcceptDelivery(NextCommandId(), orderNumber, Buyer));

    public Task<CommandOutcome> RejectDeliveryAsync(string orderNumber = "ORD-1") => MustAsync(new RejectDelivery(NextCommandId(), orderNumber, Buyer, "The report is incomplete."));

    public Task<CommandOutcome> BuyerAppealAsync(string orderNumber = "ORD-1") => MustAsync(new OpenAppeal(NextCommandId(), orderNumber, Buyer, "The seller does not answer."));

    public Task<CommandOutcome> SellerAppealAsync(string orderNumber = "ORD-1") => MustAsync(new OpenAppeal(NextCommandId(), orderNumber, Seller, "The buyer does not accept a complete delivery."));

    public Task<CommandOutcome> DecideAsync(AppealOutcome outcome, Stage? returnTo = null, bool reset = false, string orderNumber = "ORD-1")
        => MustAsync(new DecideAppeal(NextCommandId(), orderNumber, Manager, "Decided after review.", outcome, returnTo, reset));

    /// <summary>Creates a professional-service flow and drives it to <paramref name="stage"/> through the public API.</summary>
    public async Task<ServiceFlow> FlowInStageAsync(Stage stage, string orderNumber = "ORD-1")
    {
        await CreateAsync(orderNumber);
        switch (stage)
        {
            case Stage.AwaitingRequest:
                break;
            case Stage.RequestSubmitted:
                await SubmitAsync(orderNumber);
                break;
            case Stage.RequestReturned:
                await SubmitAsync(orderNumber);
                await ReturnRequestAsync(orderNumber);
                break;
            case Stage.InService:
                await SubmitAsync(orderNumber);
                await AcceptRequestAsync(orderNumber);
                break;
            case Stage.Delivered:
                await SubmitAsync(orderNumber);
                await AcceptRequestAsync(orderNumber);
                await DeliverAsync(orderNumber);
                break;
            case Stage.DeliveryRejected:
                await SubmitAsync(orderNumber);
                await AcceptRequestAsync(orderNumber);
                await DeliverAsync(orderNumber);
                await RejectDeliveryAsync(orderNumber);
                break;
            case Stage.Accepted:
                await SubmitAsync(orderNumber);
                await AcceptRequestAsync(orderNumber);
                await DeliverAsync(orderNumber);
                await AcceptDeliveryAsync(orderNumber);
                break;
            case Stage.Completed:
                await SubmitAsync(orderNumber);
                await AcceptRequestAsync(orderNumber);
                await DeliverAsync(orderNumber);
                await AcceptDeliveryAsync(orderNumber);
                Clock.Advance(Duration.FromHours(3));
                await Supervisor.ApplyDueTimersAsync();
                break;
            case Stage.Closed:
                await SellerAppealAsync(orderNumber);
                await DecideAsync(AppealOutcome.Close, orderNumber: orderNumber);
                break;
        }

        var flow = await FlowAsync(orderNumber);
        flow.Stage.Should().Be(stage);
        return flow;
    }

    /// <summary>Everything a refused action must leave unchanged: the flow, its records, the outbox and the handled events.</summary>
    public async Task<Snapshot> SnapshotAsync(string orderNumber = "ORD-1")
    {
        var flow = await Store.LoadAsync(orderNumber, CancellationToken.None);
        var records = await Store.ReadRecordsAsync(orderNumber, CancellationToken.None);
        var pending = await Store.ReadPendingEventsAsync(Instant.MaxValue, 10_000, CancellationToken.None);
        return new Snapshot(flow, records.Count, pending.Count, Events.Received.Count);
    }

    public sealed record Snapshot(ServiceFlow? Flow, int RecordCount, int PendingEvents, int HandledEvents);
}

/// <summary>Records every event handed to it, in order.</summary>
public sealed class RecordingEventHandler : ISupervisionEventHandler
{
    private readonly ConcurrentQueue<SupervisionEvent> _received = new();

    public IReadOnlyCollection<SupervisionEvent> Received => _received;

    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        _received.Enqueue(supervisionEvent);
        return ValueTask.CompletedTask;
    }
}
