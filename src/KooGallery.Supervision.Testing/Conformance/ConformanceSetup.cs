using NodaTime.Testing;

namespace KooGallery.Supervision.Testing;

/// <summary>
/// What most conformance cases start from: a new store from the context, a supervisor over it on a fake clock at
/// <see cref="ConformanceData.Start"/>, and the cancellation token of the run. Disposing it disposes the supervisors
/// it made; the stores stay the context's.
/// </summary>
internal sealed class ConformanceSetup : IDisposable
{
    private readonly List<ServiceSupervisor> _supervisors = [];

    private ConformanceSetup(StoreConformanceContext context, IServiceFlowStore store, bool withHandler, CancellationToken cancellationToken)
    {
        Context = context;
        Store = store;
        Clock = new FakeClock(ConformanceData.Start);
        CancellationToken = cancellationToken;
        Supervisor = SupervisorOver(store, withHandler);
    }

    public StoreConformanceContext Context { get; }

    public IServiceFlowStore Store { get; }

    public FakeClock Clock { get; }

    public ServiceSupervisor Supervisor { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Creates a store and a supervisor over it. With a handler, the supervisor delivers every event it saves (the
    /// outbox ends empty); without one, the events stay pending.
    /// </summary>
    public static async Task<ConformanceSetup> CreateAsync(StoreConformanceContext context, CancellationToken cancellationToken, bool withHandler = true)
    {
        var store = await context.CreateStoreAsync(cancellationToken);
        return new ConformanceSetup(context, store, withHandler, cancellationToken);
    }

    /// <summary>A second supervisor on the same clock, over <paramref name="store"/> (a second instance over the same data).</summary>
    public ServiceSupervisor SupervisorOver(IServiceFlowStore store, bool withHandler = false)
    {
        var supervisor = new ServiceSupervisor(store, Clock, new ServiceSupervisionOptions { MaxCommandAttempts = 100 }, withHandler ? [new NoOpHandler()] : []);
        _supervisors.Add(supervisor);
        return supervisor;
    }

    public Task<IServiceFlowStore> SecondStoreAsync() => Context.CreateStoreOnSameDataAsync(Store, CancellationToken);

    /// <summary>
    /// The same setup over a new in-memory store, on a clock of its own at the same start: the same story played on
    /// both saves the same records, which a case compares member by member.
    /// </summary>
    public ConformanceSetup Reference() => new(Context, new InMemoryServiceFlowStore(), withHandler: true, CancellationToken);

    public async Task<ServiceFlow> CreateFlowAsync(string orderNumber, Instant? placedAt = null, string productId = "product") =>
        Check.Succeeded(await Supervisor.CreateFlowAsync(ConformanceData.Order(orderNumber, placedAt, productId), CancellationToken), $"creating flow {orderNumber}");

    public async Task<CommandOutcome> ExecuteAsync(SupervisionCommand command) =>
        Check.Succeeded(await Supervisor.ExecuteAsync(command, CancellationToken), $"{command.GetType().Name} {command.CommandId} on {command.OrderNumber}");

    /// <summary>Loads a flow that must exist.</summary>
    public async Task<ServiceFlow> LoadAsync(string orderNumber) =>
        Check.NotNull(await Store.LoadAsync(orderNumber, CancellationToken), $"the flow {orderNumber} loaded from the store");

    /// <summary>Submits, accepts, delivers and accepts the delivery of a created flow: its completion timer is then set.</summary>
    public async Task AcceptedAsync(string order)
    {
        await ExecuteAsync(new SubmitRequest(order + "-s", order, ConformanceData.Buyer, "text"));
        await ExecuteAsync(new AcceptRequest(order + "-a", order, ConformanceData.Seller));
        await ExecuteAsync(new Deliver(order + "-d", order, ConformanceData.Seller, ConformanceData.Sow, ConformanceData.Acceptance));
        await ExecuteAsync(new AcceptDelivery(order + "-ad", order, ConformanceData.Buyer));
    }

    /// <summary>The whole story of one flow, from creation to completion by the sweep, over eight hours.</summary>
    public async Task PlayStoryAsync(string order)
    {
        await CreateFlowAsync(order);
        await ExecuteAsync(new SubmitRequest(order + "-s", order, ConformanceData.Buyer, "Please migrate the database."));
        Clock.Advance(Duration.FromHours(2));
        await ExecuteAsync(new AcceptRequest(order + "-a", order, ConformanceData.Seller));
        Clock.Advance(Duration.FromHours(3) + Duration.FromNanoseconds(1));
        await ExecuteAsync(new Deliver(order + "-d", order, ConformanceData.Seller, ConformanceData.Sow, ConformanceData.Acceptance));
        await ExecuteAsync(new AcceptDelivery(order + "-ad", order, ConformanceData.Buyer));
        Clock.Advance(Duration.FromHours(3));
        await Supervisor.ApplyDueTimersAsync(CancellationToken);
    }

    /// <summary>
    /// Reads every page of a search, checking that no page is larger than asked and that each summary says what the
    /// flow as loaded says at <paramref name="now"/>.
    /// </summary>
    public async Task<List<string>> PageThroughAsync(FlowQuery query, Instant now)
    {
        var found = new List<string>();
        for (var page = 0; page < 100; page++)
        {
            var result = await Store.SearchAsync(query, now, CancellationToken);
            Check.True(result.Items.Count <= query.PageSize, $"a search page of at most {query.PageSize} flows has {result.Items.Count}");
            foreach (var item in result.Items)
            {
                Check.Equal(FlowSummary.Of(await LoadAsync(item.OrderNumber), now), item, $"the summary of {item.OrderNumber} found by a search");
            }

            found.AddRange(result.Items.Select(i => i.OrderNumber));
            if (result.Next is null)
            {
                return found;
            }

            query = query with { After = result.Next };
        }

        throw new StoreConformanceException("Paging through a search did not end after 100 pages.");
    }

    /// <summary>Saves <paramref name="count"/> events on a new flow, after marking the flow's own events delivered.</summary>
    public async Task<SupervisionEvent[]> SavedEventsAsync(string orderNumber, int count)
    {
        await CreateFlowAsync(orderNumber);
        await MarkAllDeliveredAsync();
        var flow = await LoadAsync(orderNumber);
        var next = ConformanceData.Changed(flow, flow.Version + 1);
        var events = Enumerable.Range(0, count).Select(i => ConformanceData.Event(next, $"event {i}")).ToArray();
        Check.Equal(FlowSaveResult.Saved, await Store.SaveAsync(new FlowChange(next, flow.Version, [], events, null), CancellationToken), $"saving {count} events on flow {orderNumber}");
        return events;
    }

    /// <summary>Marks every pending event delivered, so that a case starts from an empty outbox.</summary>
    public async Task MarkAllDeliveredAsync()
    {
        var pending = await Store.ReadPendingEventsAsync(Instant.MaxValue, 1000, CancellationToken);
        await Store.MarkEventsDeliveredAsync(pending.Select(e => e.Id).ToList(), CancellationToken);
    }

    public void Dispose()
    {
        foreach (var supervisor in _supervisors)
        {
            supervisor.Dispose();
        }
    }

    private sealed class NoOpHandler : ISupervisionEventHandler
    {
        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
