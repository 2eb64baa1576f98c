using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace KooGallery.Supervision.Tests.Telemetry;

/// <summary>The instruments of the meter "KooGallery.Supervision": names, units, tags of bounded cardinality.</summary>
public class MetricsTests
{
    [Fact]
    public async Task ExecuteAsync_CountsCommandsByActionAndOutcomeAndRecordsTheirDuration()
    {
        using var host = new TelemetryHost();
        using var commands = new MetricCollector<long>(host.Meter, "koogallery.supervision.commands");
        using var duration = new MetricCollector<double>(host.Meter, "koogallery.supervision.command.duration");
        await host.Supervisor.CreateFlowAsync(TestHost.Order());

        await host.MustAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));
        await host.MustAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate.")); // a retry: replayed
        await host.Supervisor.ExecuteAsync(new Deliver("c-2", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc)); // not in this stage

        var counted = commands.GetMeasurementSnapshot();
        counted.Select(m => (m.Tags["koogallery.supervision.action"], m.Tags["koogallery.supervision.outcome"])).Should().Equal(
            ("CreateFlow", "success"),
            ("SubmitRequest", "success"),
            ("SubmitRequest", "replay"),
            ("Deliver", "NotPermittedInStage"));
        counted.Should().OnlyContain(m => m.Value == 1);
        duration.GetMeasurementSnapshot().Should().HaveCount(4).And.OnlyContain(m => m.Value >= 0);
        commands.Instrument!.Unit.Should().Be("{command}");
        duration.Instrument!.Unit.Should().Be("s");
    }

    [Fact]
    public async Task ExecuteAsync_NothingListensToTheDuration_CountsCommandsAndReadsNoClock()
    {
        // The duration needs two readings of the clock; while nothing listens to it, a command reads none.
        var time = new CountingTime();
        using var supervisor = new ServiceSupervisor(new InMemoryServiceFlowStore(), new NodaTime.Testing.FakeClock(TestHost.Start), timeProvider: time);
        using var commands = new MetricCollector<long>(supervisor.Telemetry.Meter, "koogallery.supervision.commands");
        await supervisor.CreateFlowAsync(TestHost.Order());

        (await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."))).IsSuccess.Should().BeTrue();

        commands.GetMeasurementSnapshot().Should().HaveCount(2);
        time.Timestamps.Should().Be(0);

        using var duration = new MetricCollector<double>(supervisor.Telemetry.Meter, "koogallery.supervision.command.duration");
        (await supervisor.ExecuteAsync(new AcceptRequest("c-2", "ORD-1", TestHost.Seller))).IsSuccess.Should().BeTrue();

        duration.GetMeasurementSnapshot().Should().ContainSingle();
        time.Timestamps.Should().Be(2);
    }

    /// <summary>The system's time, counting the timestamps read.</summary>
    private sealed class CountingTime : TimeProvider
    {
        private int _timestamps;

        public int Timestamps => _timestamps;

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _timestamps);
            return System.GetTimestamp();
        }
    }

    [Fact]
    public async Task HandlerThrows_IncrementsTheFailureMetricByHandlerKindAndErrorType()
    {
        using var host = new TelemetryHost();
        using var failures = new MetricCollector<long>(host.Meter, "koogallery.supervision.event_handler.failures");
        using var delivered = new MetricCollector<long>(host.Meter, "koogallery.supervision.events.delivered");
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        host.Mailer.Failing = true;

        await host.MustAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));

        var failure = failures.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        failure.Value.Should().Be(1);
        failure.Tags.Should().Contain(new KeyValuePair<string, object?>("koogallery.supervision.handler", nameof(MailHandler)))
            .And.Contain(new KeyValuePair<string, object?>("koogallery.supervision.event.kind", "RequestSubmitted"))
            .And.Contain(new KeyValuePair<string, object?>("error.type", typeof(InvalidOperationException).FullName));
        delivered.GetMeasurementSnapshot().Should().BeEmpty();

        host.Mailer.Failing = false;
        host.Clock.Advance(Duration.FromMinutes(1));
        await host.Supervisor.DispatchPendingEventsAsync();

        delivered.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["koogallery.supervision.event.kind"].Should().Be("RequestSubmitted");
    }

    [Fact]
    public async Task ApplyDueTimersAsync_CountsFlowsCreatedAndTimersAppliedByKindWithTheirDelay()
    {
        using var host = new TelemetryHost();
        using var created = new MetricCollector<long>(host.Meter, "koogallery.supervision.flows.created");
        using var applied = new MetricCollector<long>(host.Meter, "koogallery.supervision.timers.applied");
        using var delay = new MetricCollector<double>(host.Meter, "koogallery.supervision.timer.delay");
        using var sweeps = new MetricCollector<double>(host.Meter, "koogallery.supervision.sweep.duration");
        await host.AcceptedAsync();

        host.Clock.Advance(Duration.FromHours(4));
        await host.Supervisor.ApplyDueTimersAsync();

        created.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["koogallery.supervision.product_kind"].Should().Be("ProfessionalService");
        applied.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["koogallery.supervision.timer"].Should().Be("completion");
        delay.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(3600, "the completion fell due 3 hours after acceptance and was applied an hour later");
        sweeps.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["koogallery.supervision.outcome"].Should().Be("success");
    }

    [Fact]
    public async Task A_command_its_caller_cancels_is_counted_as_cancelled_not_as_an_error()
    {
        using var host = new TelemetryHost();
        using var commands = new MetricCollector<long>(host.Meter, "koogallery.supervision.commands");
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        var submit = async () => await host.Supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."), gone.Token);

        await submit.Should().ThrowAsync<OperationCanceledException>();
        var cancelled = commands.GetMeasurementSnapshot().Should().ContainSingle(m => (string?)m.Tags["koogallery.supervision.action"] == "SubmitRequest").Subject;
        cancelled.Tags["koogallery.supervision.outcome"].Should().Be("cancelled");
        cancelled.Tags.Should().NotContainKey("error.type");
    }

    [Fact]
    public async Task SweepLag_GrowsWithTheClockAndFallsBackAfterASweep()
    {
        using var host = new TelemetryHost();
        using var lag = new MetricCollector<double>(host.Meter, "koogallery.supervision.sweep.lag");

        host.Clock.Advance(Duration.FromMinutes(7));
        lag.RecordObservableInstruments();
        lag.LastMeasurement!.Value.Should().Be(420, "no sweep completed since the supervisor was built 7 minutes ago");

        await host.Supervisor.ApplyDueTimersAsync();
        host.Clock.Advance(Duration.FromSeconds(20));
        lag.RecordObservableInstruments();

        lag.LastMeasurement!.Value.Should().Be(20);
        lag.Instrument!.Unit.Should().Be("s");
    }

    [Fact]
    public async Task ApplyDueTimersAsync_WithTheStoreGaugesObserved_ReportsThePendingOutboxParkedFlowsAndAppeals()
    {
        using var host = new TelemetryHost();
        using var pending = new MetricCollector<long>(host.Meter, "koogallery.supervision.outbox.pending");
        using var oldest = new MetricCollector<double>(host.Meter, "koogallery.supervision.outbox.oldest_age");
        using var open = new MetricCollector<long>(host.Meter, "koogallery.supervision.appeals.open");
        using var overdue = new MetricCollector<long>(host.Meter, "koogallery.supervision.appeals.overdue");
        using var parked = new MetricCollector<long>(host.Meter, "koogallery.supervision.flows.parked");
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        await host.MustAsync(new OpenAppeal("c-1", "ORD-1", TestHost.Seller, "The buyer does not answer."));
        host.Mailer.Failing = true;
        await host.Supervisor.CreateFlowAsync(TestHost.Order("ORD-2"));
        await host.MustAsync(new SubmitRequest("c-2", "ORD-2", TestHost.Buyer, "Please migrate."));

        host.Clock.Advance(Duration.FromDays(10)); // past the appeal's decision deadline (3 working days)
        await host.Supervisor.ApplyDueTimersAsync();
        pending.RecordObservableInstruments();
        oldest.RecordObservableInstruments();
        open.RecordObservableInstruments();
        overdue.RecordObservableInstruments();
        parked.RecordObservableInstruments();

        pending.LastMeasurement!.Value.Should().BeGreaterThanOrEqualTo(1, "the failing handler left events pending");
        oldest.LastMeasurement!.Value.Should().Be(Duration.FromDays(10).TotalSeconds, "the submitted request's event waits since it was raised");
        open.LastMeasurement!.Value.Should().Be(1);
        overdue.LastMeasurement!.Value.Should().Be(1);
        parked.LastMeasurement!.Value.Should().Be(0);
    }

    [Fact]
    public async Task Instruments_NeverTagAnOrderNumberOrAnActorId()
    {
        using var host = new TelemetryHost();
        var tags = new List<KeyValuePair<string, object?>>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, host.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, t, _) => { lock (tags) { tags.AddRange(t.ToArray()); } });
        listener.SetMeasurementEventCallback<double>((_, _, t, _) => { lock (tags) { tags.AddRange(t.ToArray()); } });
        listener.Start();
        host.Mailer.Failing = true;
        await host.AcceptedAsync();
        host.Clock.Advance(Duration.FromDays(1));
        await host.Supervisor.ApplyDueTimersAsync();
        listener.RecordObservableInstruments();

        tags.Should().NotBeEmpty();
        tags.Select(t => t.Value?.ToString()).Should().NotContain(new[] { "ORD-1", TestHost.Buyer.Id, TestHost.Seller.Id });
        tags.Select(t => t.Key).Distinct().Should().BeSubsetOf(new[]
        {
            "koogallery.supervision.action", "koogallery.supervision.outcome", "error.type", "koogallery.supervision.timer",
            "koogallery.supervision.event.kind", "koogallery.supervision.handler", "koogallery.supervision.product_kind",
            "koogallery.supervision.resolution",
        });
    }

    [Fact]
    public async Task AddServiceSupervision_WithTheContainersMeterFactory_CreatesTheMeterThere()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<IClock>(new FakeClock(TestHost.Start));
        services.AddServiceSupervision();
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var commands = new MetricCollector<long>(factory, SupervisionDiagnostics.MeterName, "koogallery.supervision.commands");

        await provider.GetRequiredService<ServiceSupervisor>().CreateFlowAsync(TestHost.Order());

        commands.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["koogallery.supervision.action"].Should().Be("CreateFlow");
    }
}
