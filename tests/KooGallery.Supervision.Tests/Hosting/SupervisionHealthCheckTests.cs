using KooGallery.Supervision.Hosting;
using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.Tests.Hosting;

/// <summary>The supervision health check: store, sweep lag, outbox backlog and parked flows, on fake time.</summary>
public class SupervisionHealthCheckTests
{
    [Fact]
    public async Task CheckHealthAsync_RightAfterASweep_IsHealthy()
    {
        var (provider, _) = Build();
        await using var disposing = provider;
        await provider.GetRequiredService<ServiceSupervisor>().ApplyDueTimersAsync();

        var report = await CheckAsync(provider);

        report.Status.Should().Be(HealthStatus.Healthy, report.Description);
        report.Data["sweep_lag_seconds"].Should().Be(0.0);
        report.Data["pending_events"].Should().Be(0);
    }

    [Fact]
    public async Task CheckHealthAsync_SweepLagPastItsDegradedLevel_TurnsDegraded()
    {
        var (provider, clock) = Build();
        await using var disposing = provider;
        await provider.GetRequiredService<ServiceSupervisor>().ApplyDueTimersAsync();

        clock.Advance(Duration.FromMinutes(5));
        (await CheckAsync(provider)).Status.Should().Be(HealthStatus.Healthy, "5 minutes is the level itself, not past it");
        clock.Advance(Duration.FromSeconds(1));
        var report = await CheckAsync(provider);

        report.Status.Should().Be(HealthStatus.Degraded);
        report.Description.Should().Contain("sweep lag 00:05:01 is over 00:05:00 (Degraded)");
        report.Data["sweep_lag_seconds"].Should().Be(301.0);
    }

    [Fact]
    public async Task CheckHealthAsync_SweepLagPastItsUnhealthyLevel_TurnsUnhealthy()
    {
        var (provider, clock) = Build(o => o.SweepLagUnhealthy = TimeSpan.FromMinutes(10));
        await using var disposing = provider;
        provider.GetRequiredService<ServiceSupervisor>(); // built at start-up, as in a host

        clock.Advance(Duration.FromMinutes(11));
        var report = await CheckAsync(provider);

        report.Status.Should().Be(HealthStatus.Unhealthy);
        report.Description.Should().Contain("(Unhealthy)");
    }

    [Fact]
    public async Task CheckHealthAsync_AFailingHandlersEventPendingPastItsLevel_TurnsDegraded()
    {
        var mailer = new MailHandler { Failing = true };
        var (provider, clock) = Build(o => o.CheckSweep = false, mailer);
        await using var disposing = provider;
        var supervisor = provider.GetRequiredService<ServiceSupervisor>();
        await supervisor.CreateFlowAsync(TestHost.Order());
        await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));

        clock.Advance(Duration.FromMinutes(16));
        var report = await CheckAsync(provider);

        report.Status.Should().Be(HealthStatus.Degraded);
        report.Description.Should().Contain("oldest pending event 00:16:00 is over 00:15:00");
        report.Data["pending_events"].Should().Be(1);
    }

    [Fact]
    public async Task CheckHealthAsync_AParkedFlow_TurnsDegraded()
    {
        var clock = new FakeClock(TestHost.Start);
        var store = new InMemoryServiceFlowStore();
        var old = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { Policies = { new SupervisionPolicy { Version = "old" } } });
        await old.CreateFlowAsync(TestHost.Order(kind: ProductKind.License));
        await old.ExecuteAsync(new Deliver("d", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        await old.ExecuteAsync(new AcceptDelivery("a", "ORD-1", TestHost.Buyer));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(clock);
        services.AddSingleton<IServiceFlowStore>(store);
        services.AddServiceSupervision(o => o.Policies.Add(new SupervisionPolicy { Version = "new" })).AddHealthChecks();
        await using var provider = services.BuildServiceProvider();
        clock.Advance(Duration.FromHours(4));
        await provider.GetRequiredService<ServiceSupervisor>().ApplyDueTimersAsync();

        var report = await CheckAsync(provider);

        report.Status.Should().Be(HealthStatus.Degraded);
        report.Description.Should().Contain("1 parked flows reach 1 (Degraded)");
    }

    [Fact]
    public async Task CheckHealthAsync_StoreCannotBeUsed_IsUnhealthyNamingTheReason()
    {
        var (provider, _) = Build(store: new UnreachableStore());
        await using var disposing = provider;

        var report = await CheckAsync(provider);

        report.Status.Should().Be(HealthStatus.Unhealthy);
        report.Description.Should().Contain("(SchemaTooNew)");
        report.Exception.Should().BeOfType<SupervisionStoreException>();
        report.Data["store_reason"].Should().Be("SchemaTooNew");
    }

    [Fact]
    public async Task CheckHealthAsync_HostedSweepRegisteredButNotRunning_IsUnhealthy()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(new FakeClock(TestHost.Start));
        services.AddServiceSupervision().AddHostedSupervision().AddHealthChecks();
        await using var provider = services.BuildServiceProvider();

        var report = await CheckAsync(provider);

        report.Status.Should().Be(HealthStatus.Unhealthy);
        report.Description.Should().Contain("the background sweep is not running");
    }

    [Fact]
    public async Task AddServiceSupervision_OnTheHealthChecksBuilder_UsesItsNameTagsAndLevels()
    {
        var clock = new FakeClock(TestHost.Start);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(clock);
        services.AddServiceSupervision();
        services.AddHealthChecks().AddServiceSupervision("supervision", tags: ["ready"], configure: o => o.SweepLagDegraded = TimeSpan.FromMinutes(1));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ServiceSupervisor>(); // built at start-up, as in a host
        clock.Advance(Duration.FromMinutes(2));

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));

        report.Entries.Should().ContainKey("supervision").WhoseValue.Status.Should().Be(HealthStatus.Degraded);
    }

    [Fact]
    public async Task AddHealthChecks_CalledTwice_StartsTheHostWithOneCheckThatKeepsBothConfigurations()
    {
        // Before: the second call added a second registration of the same name, and the host failed to start.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IClock>(new FakeClock(TestHost.Start));
        builder.Services.AddServiceSupervision().AddHealthChecks(o => o.SweepLagDegraded = TimeSpan.FromMinutes(1));
        builder.Services.AddServiceSupervision().AddHealthChecks(o => o.PendingEventsDegraded = 50);
        using var host = builder.Build();

        await host.StartAsync();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await host.StopAsync();

        report.Entries.Should().ContainSingle().Which.Key.Should().Be("koogallery_supervision");
        var levels = host.Services.GetRequiredService<IOptionsMonitor<SupervisionHealthCheckOptions>>().Get("koogallery_supervision");
        levels.SweepLagDegraded.Should().Be(TimeSpan.FromMinutes(1));
        levels.PendingEventsDegraded.Should().Be(50);
    }

    [Fact]
    public async Task AddHealthChecks_AgainWithoutTags_KeepsTheEarlierTagsAndFailureStatus()
    {
        // A readiness probe filtering on "ready" must not lose the check because a later call added it plainly.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(new FakeClock(TestHost.Start));
        services.AddServiceSupervision();
        services.AddHealthChecks().AddServiceSupervision(tags: ["ready"], failureStatus: HealthStatus.Degraded);
        services.AddServiceSupervision().AddHealthChecks();
        await using var provider = services.BuildServiceProvider();

        var registration = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Should().ContainSingle().Subject;

        registration.Tags.Should().Contain("ready");
        registration.FailureStatus.Should().Be(HealthStatus.Degraded);
    }

    [Fact]
    public async Task AddHealthChecks_LevelsOutOfOrder_FailTheHostAtStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddServiceSupervision().AddHealthChecks(o => o.PendingEventsDegraded = 5_000);
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("PendingEventsDegraded");
    }

    [Fact]
    public async Task CheckHealthAsync_SchemaMadeNewerAfterStart_IsUnhealthyAtTheNextCheck()
    {
        // Before: the schema was checked once, and a schema another deployment made newer went unseen.
        var store = new SchemaStore();
        var (provider, _) = Build(store: store);
        await using var disposing = provider;
        var before = await CheckAsync(provider);

        store.Version = 99;
        var after = await CheckAsync(provider);

        before.Status.Should().Be(HealthStatus.Healthy);
        before.Data["schema_version"].Should().Be(2);
        after.Status.Should().Be(HealthStatus.Unhealthy);
        after.Data["store_reason"].Should().Be("SchemaTooNew");
    }

    /// <summary>An in-memory store with a schema version that can be changed under it.</summary>
    private sealed class SchemaStore() : DelegatingStore(new InMemoryServiceFlowStore()), ISupervisionSchema
    {
        public int Version { get; set; } = 2;

        public ValueTask<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Version);

        public ValueTask<int?> CheckSchemaAsync(CancellationToken cancellationToken = default) =>
            Version > 2 ? throw new SupervisionStoreException("SchemaTooNew", "The schema is newer than the library.", null) : ValueTask.FromResult<int?>(Version);
    }

    private static (ServiceProvider Provider, FakeClock Clock) Build(Action<SupervisionHealthCheckOptions>? configure = null, ISupervisionEventHandler? handler = null, IServiceFlowStore? store = null)
    {
        var clock = new FakeClock(TestHost.Start);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(clock);
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        var builder = services.AddServiceSupervision().AddHealthChecks(configure);
        if (handler is not null)
        {
            services.AddSingleton(handler);
        }

        _ = builder;
        return (services.BuildServiceProvider(), clock);
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider provider)
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["koogallery_supervision"];
    }

    private sealed class UnreachableStore() : DelegatingStore(new InMemoryServiceFlowStore())
    {
        public override ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
            throw new SupervisionStoreException("SchemaTooNew", "The database supervision.db has schema version 9; this library knows up to 2.", null);
    }
}
