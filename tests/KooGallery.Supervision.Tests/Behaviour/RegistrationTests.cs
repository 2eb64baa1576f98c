using System.Collections.Concurrent;
using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>AddServiceSupervision: defaults, host overrides, repeat calls and event handlers.</summary>
public class RegistrationTests
{
    private static readonly Actor Buyer = TestHost.Buyer;

    /// <summary>What the DI-created handlers saw, shared through the container.</summary>
    public sealed class EventLog
    {
        public ConcurrentQueue<(SupervisionEvent Event, long StoredVersion, int StoredRecords)> Seen { get; } = new();

        private int _failing;
        private int _attempts;

        public bool Failing
        {
            get => Volatile.Read(ref _failing) != 0;
            set => Volatile.Write(ref _failing, value ? 1 : 0);
        }

        public int Attempts => Volatile.Read(ref _attempts);

        public void CountAttempt() => Interlocked.Increment(ref _attempts);
    }

    /// <summary>Records each event with what the store held when the handler ran.</summary>
    public sealed class StoreObservingHandler(IServiceFlowStore store, EventLog log) : ISupervisionEventHandler
    {
        public async ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            var flow = await store.LoadAsync(supervisionEvent.OrderNumber, cancellationToken);
            var records = await store.ReadRecordsAsync(supervisionEvent.OrderNumber, cancellationToken);
            log.Seen.Enqueue((supervisionEvent, flow?.Version ?? 0, records.Count));
        }
    }

    /// <summary>Throws while <see cref="EventLog.Failing"/> is set.</summary>
    public sealed class FlakyHandler(EventLog log) : ISupervisionEventHandler
    {
        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            log.CountAttempt();
            if (log.Failing)
            {
                throw new InvalidOperationException("The notification service is down.");
            }

            log.Seen.Enqueue((supervisionEvent, 0, 0));
            return ValueTask.CompletedTask;
        }
    }

    private static NewServiceFlow Order(string orderNumber = "ORD-1") => TestHost.Order(orderNumber);

    [Fact]
    public async Task AddServiceSupervision_NoOverrides_ResolvesSupervisorOverTheInMemoryStoreAndSystemClock()
    {
        var services = new ServiceCollection();
        services.AddServiceSupervision(o => o.MaxSearchPageSize = 50);
        using var provider = services.BuildServiceProvider();

        var supervisor = provider.GetRequiredService<ServiceSupervisor>();
        var store = provider.GetRequiredService<IServiceFlowStore>();

        provider.GetRequiredService<IClock>().Should().BeSameAs(SystemClock.Instance);
        store.Should().BeOfType<InMemoryServiceFlowStore>();
        provider.GetRequiredService<ServiceSupervisionOptions>().MaxSearchPageSize.Should().Be(50);
        provider.GetRequiredService<ServiceSupervisor>().Should().BeSameAs(supervisor, "the supervisor is a singleton");
        (await supervisor.CreateFlowAsync(Order())).IsSuccess.Should().BeTrue();
        (await store.LoadAsync("ORD-1", CancellationToken.None)).Should().NotBeNull("the supervisor saves to the registered store");
    }

    [Fact]
    public async Task AddServiceSupervision_FakeClockRegisteredBefore_TheSupervisorUsesTheFakeClock()
    {
        var clock = new FakeClock(Instant.FromUtc(2031, 5, 6, 7, 8));
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddServiceSupervision();
        using var provider = services.BuildServiceProvider();

        var supervisor = provider.GetRequiredService<ServiceSupervisor>();
        var flow = (await supervisor.CreateFlowAsync(Order())).GetValueOrThrow();
        clock.Advance(Duration.FromHours(2));
        var outcome = (await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", Buyer, "Please migrate."))).GetValueOrThrow();

        provider.GetRequiredService<IClock>().Should().BeSameAs(clock);
        services.Count(d => d.ServiceType == typeof(IClock)).Should().Be(1);
        flow.CreatedAt.Should().Be(Instant.FromUtc(2031, 5, 6, 7, 8));
        outcome.At.Should().Be(Instant.FromUtc(2031, 5, 6, 9, 8));
    }

    [Fact]
    public async Task AddServiceSupervision_StoreRegisteredBefore_TheSupervisorUsesThatStore()
    {
        var store = new InMemoryServiceFlowStore();
        var services = new ServiceCollection();
        services.AddSingleton<IServiceFlowStore>(store);
        services.AddServiceSupervision();
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ServiceSupervisor>().CreateFlowAsync(Order());

        store.Count.Should().Be(1);
    }

    [Fact]
    public async Task UseInMemoryStore_AfterAnotherStore_ReplacesIt()
    {
        var other = new InMemoryServiceFlowStore();
        var services = new ServiceCollection();
        services.AddSingleton<IServiceFlowStore>(other);
        services.AddServiceSupervision().UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ServiceSupervisor>().CreateFlowAsync(Order());

        provider.GetRequiredService<IServiceFlowStore>().Should().NotBeSameAs(other);
        other.Count.Should().Be(0);
        services.Count(d => d.ServiceType == typeof(IServiceFlowStore)).Should().Be(1);
    }

    [Fact]
    public void AddServiceSupervision_CalledTwice_RegistersEachServiceOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddServiceSupervision(o => o.MaxSearchPageSize = 50);
        services.AddServiceSupervision(o => o.MaxCommandAttempts = 7);
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(ServiceSupervisor)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ServiceSupervisionOptions)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IClock)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IServiceFlowStore)).Should().Be(1);
        var options = provider.GetRequiredService<ServiceSupervisionOptions>();
        options.MaxSearchPageSize.Should().Be(50);
        options.MaxCommandAttempts.Should().Be(7);
        provider.GetRequiredService<ServiceSupervisor>().Should().NotBeNull();
    }

    [Fact]
    public async Task AddEventHandler_RegisteredHandler_ReceivesEachEventAfterItsChangeWasSaved()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(TestHost.Start));
        services.AddSingleton<EventLog>();
        services.AddServiceSupervision().AddEventHandler<StoreObservingHandler>();
        using var provider = services.BuildServiceProvider();
        var supervisor = provider.GetRequiredService<ServiceSupervisor>();
        var store = provider.GetRequiredService<IServiceFlowStore>();
        var log = provider.GetRequiredService<EventLog>();

        await supervisor.CreateFlowAsync(Order());
        await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", Buyer, "Please migrate."));
        await supervisor.ExecuteAsync(new ReturnRequest("c-2", "ORD-1", TestHost.Seller, "Which version?"));

        log.Seen.Select(s => s.Event.Kind).Should().Equal(SupervisionEventKind.RequestSubmitted, SupervisionEventKind.RequestReturned);
        foreach (var (seen, storedVersion, storedRecords) in log.Seen)
        {
            storedVersion.Should().Be(seen.FlowVersion, "the handler runs after the change is saved");
            storedRecords.Should().Be((int)seen.FlowVersion, "the record of the change is saved with it");
        }

        (await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().BeEmpty("handled events are marked delivered");
    }

    [Fact]
    public async Task AddEventHandler_SameHandlerAddedTwice_ReceivesEachEventOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(TestHost.Start));
        services.AddSingleton<EventLog>();
        services.AddServiceSupervision().AddEventHandler<StoreObservingHandler>().AddEventHandler<StoreObservingHandler>();
        using var provider = services.BuildServiceProvider();
        var supervisor = provider.GetRequiredService<ServiceSupervisor>();

        await supervisor.CreateFlowAsync(Order());
        await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", Buyer, "Please migrate."));

        provider.GetRequiredService<EventLog>().Seen.Should().ContainSingle();
    }

    [Fact]
    public async Task DispatchPendingEventsAsync_AfterAHandlerThrew_RedeliversTheEventOnceTheHandlerRecovers()
    {
        var failures = new ConcurrentQueue<(SupervisionEvent Event, Exception Exception)>();
        var services = new ServiceCollection();
        var clock = new FakeClock(TestHost.Start);
        services.AddSingleton<IClock>(clock);
        services.AddSingleton<EventLog>();
        services.AddServiceSupervision(o => o.EventHandlerFailed = (e, x) => failures.Enqueue((e, x))).AddEventHandler<FlakyHandler>();
        using var provider = services.BuildServiceProvider();
        var supervisor = provider.GetRequiredService<ServiceSupervisor>();
        var store = provider.GetRequiredService<IServiceFlowStore>();
        var log = provider.GetRequiredService<EventLog>();
        await supervisor.CreateFlowAsync(Order());
        log.Failing = true;

        var submitted = await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", Buyer, "Please migrate."));

        submitted.IsSuccess.Should().BeTrue("the handler's failure does not undo the saved command");
        (await store.LoadAsync("ORD-1", CancellationToken.None))!.Stage.Should().Be(Stage.RequestSubmitted);
        var pending = await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None);
        var stuck = pending.Should().ContainSingle().Which;
        stuck.Kind.Should().Be(SupervisionEventKind.RequestSubmitted);
        failures.Should().ContainSingle().Which.Event.Id.Should().Be(stuck.Id);
        log.Seen.Should().BeEmpty();

        // Still failing: the event stays pending.
        (await supervisor.DispatchPendingEventsAsync()).Should().Be(0);
        (await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().ContainSingle();

        // Deferred after the failure: tried again once its retry delay has passed.
        log.Failing = false;
        (await supervisor.DispatchPendingEventsAsync()).Should().Be(0, "the failed event waits out its retry delay");
        clock.Advance(Duration.FromHours(1));
        var delivered = await supervisor.DispatchPendingEventsAsync();

        delivered.Should().Be(1);
        log.Seen.Should().ContainSingle().Which.Event.Id.Should().Be(stuck.Id);
        (await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().BeEmpty();
        (await supervisor.DispatchPendingEventsAsync()).Should().Be(0, "a delivered event is not handed out again");
        log.Seen.Should().ContainSingle();
        log.Attempts.Should().Be(2, "the inline attempt failed, the deferred event waited out its delay, and the next attempt delivered it");
    }

    [Fact]
    public async Task ApplyDueTimersAsync_AfterAHandlerThrew_AlsoRedeliversPendingEvents()
    {
        var host = new TestHost();
        var log = new EventLog { Failing = true };
        var supervisor = new ServiceSupervisor(host.Store, host.Clock, new ServiceSupervisionOptions(), [new FlakyHandler(log)]);
        await supervisor.CreateFlowAsync(Order());
        await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", Buyer, "Please migrate."));
        (await host.Store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().ContainSingle();

        log.Failing = false;
        host.Clock.Advance(Duration.FromHours(1));
        var sweep = await supervisor.ApplyDueTimersAsync();

        sweep.Should().NotBeNull();
        log.Seen.Select(s => s.Event.Kind).Should().Equal(SupervisionEventKind.RequestSubmitted);
        (await host.Store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_OneOfTwoHandlersThrows_TheEventStaysPendingAndTheOtherHandlerStillGotIt()
    {
        var host = new TestHost();
        var failing = new EventLog { Failing = true };
        var supervisor = new ServiceSupervisor(host.Store, host.Clock, new ServiceSupervisionOptions(), [host.Events, new FlakyHandler(failing)]);
        await supervisor.CreateFlowAsync(Order());

        var result = await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", Buyer, "Please migrate."));

        result.IsSuccess.Should().BeTrue();
        host.Events.Received.Should().ContainSingle();
        (await host.Store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().ContainSingle()
            .Which.Id.Should().Be(host.Events.Received.Single().Id);
    }
}
