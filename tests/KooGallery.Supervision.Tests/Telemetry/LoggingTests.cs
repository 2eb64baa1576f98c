using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KooGallery.Supervision.Tests.Telemetry;

/// <summary>The engine's logs: stable event ids, what each carries, and no party's free text above Debug.</summary>
public class LoggingTests
{
    [Fact]
    public async Task ExecuteAsync_HandlerThrows_LogsAWarningWithTheEventIdKindOrderAndAttempt()
    {
        using var host = new TelemetryHost();
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        host.Mailer.Failing = true;

        var result = await host.Supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));

        result.IsSuccess.Should().BeTrue("the handler's failure does not undo the saved command");
        var pending = (await host.Store.ReadPendingEventsAsync(Instant.MaxValue, 10, CancellationToken.None)).Should().ContainSingle().Subject;
        var record = host.Logs.WithId(100).Should().ContainSingle().Subject;
        record.Level.Should().Be(LogLevel.Warning);
        record.Category.Should().Be(SupervisionDiagnostics.LogCategory);
        record.Exception!.Message.Should().Be("SMTP down");
        record.Message.Should().Contain(pending.Id.ToString()).And.Contain("RequestSubmitted").And.Contain("ORD-1").And.Contain("attempt 1");
        record.GetStructuredStateValue("EventId").Should().Be(pending.Id.ToString());
        record.GetStructuredStateValue("Attempt").Should().Be("1");
    }

    [Fact]
    public async Task ApplyDueTimersAsync_HandlerStillFailing_LogsEachAttemptWithItsNumber()
    {
        using var host = new TelemetryHost();
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        host.Mailer.Failing = true;
        await host.Supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));

        host.Clock.Advance(Duration.FromMinutes(1));
        await host.Supervisor.ApplyDueTimersAsync();

        host.Logs.WithId(100).Select(r => r.GetStructuredStateValue("Attempt")).Should().Equal("1", "2");
    }

    [Fact]
    public async Task ApplyDueTimersAsync_ParkedFlow_IsLoggedOncePerParkingNotOncePerSweep()
    {
        var clock = new FakeClock(TestHost.Start);
        var store = new InMemoryServiceFlowStore();
        var old = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { Policies = { new SupervisionPolicy { Version = "old" } } });
        await old.CreateFlowAsync(TestHost.Order(kind: ProductKind.License));
        await old.ExecuteAsync(new Deliver("d", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        await old.ExecuteAsync(new AcceptDelivery("a", "ORD-1", TestHost.Buyer));
        using var logs = new LogProbe();
        var current = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { Policies = { new SupervisionPolicy { Version = "new" } } }, loggerFactory: logs.Factory);
        clock.Advance(Duration.FromHours(4));

        await current.ApplyDueTimersAsync();
        await current.ApplyDueTimersAsync();
        clock.Advance(Duration.FromSeconds(10));
        await current.ApplyDueTimersAsync();

        var parked = logs.WithId(200).Should().ContainSingle("the flow waits out its retry delay, so later sweeps do not find it again").Subject;
        parked.Level.Should().Be(LogLevel.Error);
        parked.GetStructuredStateValue("OrderNumber").Should().Be("ORD-1");
        parked.GetStructuredStateValue("Failures").Should().Be("1");
        parked.Exception!.Message.Should().Contain("'old'");

        clock.Advance(Duration.FromMinutes(1));
        await current.ApplyDueTimersAsync();

        logs.WithId(200).Select(r => r.GetStructuredStateValue("Failures")).Should().Equal("1", "2");
        (await current.GetStatusAsync()).ParkedFlows.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_LosingTheRaceEveryTime_LogsThatTheCommandGaveUp()
    {
        var store = new AlwaysLosingStore(new InMemoryServiceFlowStore());
        using var host = new TelemetryHost(new ServiceSupervisionOptions { ConflictBackoff = TimeSpan.Zero }, store);
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        store.Losing = true;

        var result = await host.Supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));

        result.Error!.Reason.Should().Be(SupervisionErrorReason.VersionConflict);
        host.Logs.WithId(301).Should().HaveCount(2, "two retries are logged at Debug");
        var gaveUp = host.Logs.WithId(300).Should().ContainSingle().Subject;
        gaveUp.Level.Should().Be(LogLevel.Warning);
        gaveUp.Message.Should().Be("SubmitRequest on order ORD-1 lost the race on the flow's version 3 times and gave up.");
    }

    [Fact]
    public async Task EnsureServiceSupervisionSchemaAsync_LogsTheVersionReached()
    {
        using var logs = new LogProbe();
        var services = new ServiceCollection();
        services.AddSingleton(logs.Factory);
        services.AddSingleton<IServiceFlowStore>(new SchemaStore());
        services.AddServiceSupervision();
        await using var provider = services.BuildServiceProvider();

        var version = await provider.EnsureServiceSupervisionSchemaAsync();

        version.Should().Be(2);
        var record = logs.WithId(400).Should().ContainSingle().Subject;
        record.Level.Should().Be(LogLevel.Information);
        record.Message.Should().Be("The schema of the SchemaStore is at version 2.");
    }

    [Fact]
    public async Task Logs_AboveDebug_NeverCarryARequestTextProofLinkOrAppealReason()
    {
        const string Secret = "secret-request-text";
        const string SecretLink = "https://files.example/secret-proof.pdf";
        const string SecretReason = "secret-appeal-reason";
        using var host = new TelemetryHost();
        host.Mailer.Failing = true;
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        await host.MustAsync(new SubmitRequest(host.NextId(), "ORD-1", TestHost.Buyer, Secret));
        await host.MustAsync(new AcceptRequest(host.NextId(), "ORD-1", TestHost.Seller));
        await host.MustAsync(new Deliver(host.NextId(), "ORD-1", TestHost.Seller, new ProofReference("Statement of work", SecretLink), TestHost.AcceptanceDoc));
        await host.MustAsync(new OpenAppeal(host.NextId(), "ORD-1", TestHost.Seller, SecretReason));
        await host.Supervisor.ExecuteAsync(new OpenAppeal(host.NextId(), "ORD-1", TestHost.Seller, SecretReason)); // refused: already open
        host.Clock.Advance(Duration.FromDays(30));
        await host.Supervisor.ApplyDueTimersAsync();

        var loud = host.Logs.Records.Where(r => r.Level > LogLevel.Debug).ToList();
        loud.Should().NotBeEmpty("the failing handler is logged");
        foreach (var record in loud)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(p => p.Value) ?? []);
            text.Should().NotContain(Secret).And.NotContain(SecretLink).And.NotContain(SecretReason);
        }
    }

    private sealed class AlwaysLosingStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        public bool Losing { get; set; }

        public override ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) =>
            Losing ? ValueTask.FromResult(FlowSaveResult.VersionConflict) : base.SaveAsync(change, cancellationToken);
    }

    private sealed class SchemaStore() : DelegatingStore(new InMemoryServiceFlowStore()), ISupervisionSchema
    {
        public ValueTask<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(2);
    }
}
