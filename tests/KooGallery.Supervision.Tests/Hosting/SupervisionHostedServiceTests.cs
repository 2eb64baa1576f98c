using KooGallery.Supervision.Hosting;
using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.Tests.Hosting;

public class SupervisionHostedServiceTests
{
    [Fact]
    public async Task StartAsync_EnsuresTheSchemaAppliesDueTimersAndRedeliversPendingEvents()
    {
        var clock = new FakeClock(TestHost.Start);
        var store = new SchemaCountingStore();
        var failing = new FlakyHandler { Fail = true };
        var seed = new ServiceSupervisor(store, clock, handlers: [failing]);
        await seed.CreateFlowAsync(TestHost.Order(kind: ProductKind.License));
        await seed.ExecuteAsync(new Deliver("d", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        await seed.ExecuteAsync(new AcceptDelivery("a", "ORD-1", TestHost.Buyer));
        clock.Advance(Duration.FromHours(3));
        (await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().NotBeEmpty("the handler failed, so the events stayed pending");
        var handler = new FlakyHandler();
        await using var provider = Provider(store, clock, handler, options => options.SweepInterval = TimeSpan.FromDays(1));
        var hosted = provider.GetServices<IHostedService>().OfType<SupervisionHostedService>().Single();

        await hosted.StartAsync(CancellationToken.None);
        await hosted.StopAsync(CancellationToken.None);

        store.SchemaCalls.Should().Be(1);
        hosted.SweepsCompleted.Should().Be(1);
        (await store.LoadAsync("ORD-1", CancellationToken.None))!.Stage.Should().Be(Stage.Completed);
        (await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().BeEmpty();
        handler.Kinds.Should().Contain([SupervisionEventKind.Delivered, SupervisionEventKind.DeliveryAccepted, SupervisionEventKind.Completed]);
    }

    [Fact]
    public async Task StartAsync_WithTheSweepAndSchemaStepTurnedOff_DoesNothing()
    {
        var clock = new FakeClock(TestHost.Start);
        var store = new SchemaCountingStore();
        await using var provider = Provider(store, clock, new FlakyHandler(), options =>
        {
            options.EnsureSchemaOnStart = false;
            options.RunTimerSweep = false;
        });
        var hosted = provider.GetServices<IHostedService>().OfType<SupervisionHostedService>().Single();

        await hosted.StartAsync(CancellationToken.None);
        await hosted.StopAsync(CancellationToken.None);

        store.SchemaCalls.Should().Be(0);
        hosted.SweepsCompleted.Should().Be(0);
    }

    [Fact]
    public void AddHostedSupervision_CalledTwice_RegistersOneHostedServiceWithBothSettings()
    {
        var services = new ServiceCollection();
        var builder = services.AddServiceSupervision();

        builder.AddHostedSupervision(options => options.SweepInterval = TimeSpan.FromSeconds(5));
        builder.AddHostedSupervision(options => options.EnsureSchemaOnStart = false);
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(IHostedService)).Should().Be(1);
        var options = provider.GetRequiredService<IOptions<SupervisionHostingOptions>>().Value;
        options.SweepInterval.Should().Be(TimeSpan.FromSeconds(5));
        options.EnsureSchemaOnStart.Should().BeFalse();
        provider.GetRequiredService<SupervisionHostingOptions>().Should().BeSameAs(options);
    }

    [Fact]
    public async Task AddHostedSupervision_IntervalOutOfRange_TheHostFailsAtStartNamingTheInterval()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddServiceSupervision().AddHostedSupervision(options => options.SweepInterval = TimeSpan.Zero);
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("SupervisionHostingOptions.SweepInterval");
    }

    private static ServiceProvider Provider(IServiceFlowStore store, IClock clock, ISupervisionEventHandler handler, Action<SupervisionHostingOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton(store);
        services.AddSingleton(handler);
        services.AddServiceSupervision().AddHostedSupervision(configure);
        return services.BuildServiceProvider();
    }

    private sealed class SchemaCountingStore : InMemoryStoreDecorator, ISupervisionSchema
    {
        public int SchemaCalls { get; private set; }

        public ValueTask<int> EnsureSchemaAsync(CancellationToken cancellationToken = default)
        {
            SchemaCalls++;
            return ValueTask.FromResult(1);
        }
    }

    private sealed class FlakyHandler : ISupervisionEventHandler
    {
        private readonly List<SupervisionEventKind> _kinds = [];

        public bool Fail { get; init; }

        public IReadOnlyList<SupervisionEventKind> Kinds => _kinds;

        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("The notification service is down.");
            }

            _kinds.Add(supervisionEvent.Kind);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>An in-memory store behind the store interface, for tests that add a capability to it.</summary>
public class InMemoryStoreDecorator : IServiceFlowStore
{
    private readonly InMemoryServiceFlowStore _inner = new();

    public ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) => _inner.LoadAsync(orderNumber, cancellationToken);

    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) => _inner.ReadRecordsAsync(orderNumber, cancellationToken);

    public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken) => _inner.FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken);

    public ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) => _inner.SaveAsync(change, cancellationToken);

    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) => _inner.SearchAsync(query, now, cancellationToken);

    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) => _inner.FindDueAsync(now, maxCount, cancellationToken);

    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) => _inner.ReadPendingEventsAsync(now, maxCount, cancellationToken);

    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) => _inner.ParkTimersAsync(orderNumber, retryAt, cancellationToken);

    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) => _inner.DeferEventAsync(eventId, retryAt, cancellationToken);

    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) => _inner.MarkEventsDeliveredAsync(eventIds, cancellationToken);
}
