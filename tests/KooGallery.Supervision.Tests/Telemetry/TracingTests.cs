using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Telemetry;

/// <summary>The spans of the activity source "KooGallery.Supervision", and the trace context events carry.</summary>
public class TracingTests
{
    [Fact]
    public async Task ExecuteAsync_CommandSpan_HasTheDocumentedTags()
    {
        using var spans = new SpanProbe();
        using var host = new TelemetryHost();
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        using (spans.StartTrace("test"))
        {
            await host.MustAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));
        }

        var span = spans.Named("supervision.command").Should().ContainSingle().Subject;
        span.Source.Name.Should().Be(SupervisionDiagnostics.ActivitySourceName);
        span.GetTagItem("koogallery.supervision.action").Should().Be("SubmitRequest");
        span.GetTagItem("koogallery.supervision.order_number").Should().Be("ORD-1");
        span.GetTagItem("koogallery.supervision.actor.role").Should().Be("Buyer");
        span.GetTagItem("koogallery.supervision.stage.before").Should().Be("AwaitingRequest");
        span.GetTagItem("koogallery.supervision.stage.after").Should().Be("RequestSubmitted");
        span.GetTagItem("koogallery.supervision.outcome").Should().Be("success");
        span.GetTagItem("koogallery.supervision.retries").Should().Be(0);
        span.GetTagItem("koogallery.supervision.flow.version").Should().Be(2L);
        span.Status.Should().Be(ActivityStatusCode.Unset);
        span.Tags.Select(t => t.Value).Should().NotContain("Please migrate.", "no free text goes on a span");
    }

    [Fact]
    public async Task ExecuteAsync_Refused_TheSpanCarriesTheErrorCodeAndReasonWithoutAnErrorStatus()
    {
        using var spans = new SpanProbe();
        using var host = new TelemetryHost();
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        using (spans.StartTrace("test"))
        {
            await host.Supervisor.ExecuteAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        }

        var span = spans.Named("supervision.command").Should().ContainSingle().Subject;
        span.GetTagItem("koogallery.supervision.outcome").Should().Be("NotPermittedInStage");
        span.GetTagItem("koogallery.supervision.error.reason").Should().Be(SupervisionErrorReason.NotInStage);
        span.Status.Should().Be(ActivityStatusCode.Unset, "a refusal is an answer, not a failure");
    }

    [Fact]
    public async Task ExecuteAsync_StoreFails_TheSpanHasAnErrorStatus()
    {
        using var spans = new SpanProbe();
        var store = new FailingStore(new InMemoryServiceFlowStore());
        using var host = new TelemetryHost(store: store);
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        store.Failing = true;
        using (spans.StartTrace("test"))
        {
            var execute = () => host.Supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate.")).AsTask();
            await execute.Should().ThrowAsync<SupervisionStoreException>();
        }

        var span = spans.Named("supervision.command").Should().ContainSingle().Subject;
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem("error.type").Should().Be(typeof(SupervisionStoreException).FullName);
    }

    [Fact]
    public async Task HandlerSpan_DeliveredInline_IsAChildOfTheCommandSpanAndLinksToIt()
    {
        using var spans = new SpanProbe();
        using var host = new TelemetryHost();
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        using (spans.StartTrace("test"))
        {
            await host.MustAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));
        }

        var command = spans.Named("supervision.command").Single();
        var handling = spans.Named("supervision.handle_event").Should().ContainSingle().Subject;
        var dispatch = spans.Named("supervision.dispatch").Should().ContainSingle().Subject;
        handling.ParentSpanId.Should().Be(dispatch.SpanId);
        dispatch.ParentSpanId.Should().Be(command.SpanId);
        handling.Links.Should().ContainSingle().Which.Context.SpanId.Should().Be(command.SpanId);
        handling.GetTagItem("koogallery.supervision.event.kind").Should().Be("RequestSubmitted");
        handling.GetTagItem("koogallery.supervision.handler").Should().Be(nameof(MailHandler));
        host.Mailer.Sent.Should().ContainSingle().Which.Span.Should().BeSameAs(handling, "the handler runs inside its span, so its own spans are children");
        host.Mailer.Sent.Single().Event.TraceParent.Should().Be(command.Id);
    }

    [Fact]
    public async Task HandlerSpan_DeliveredByALaterSweep_LinksToTheCommandThatRaisedTheEvent()
    {
        using var spans = new SpanProbe();
        using var host = new TelemetryHost();
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        host.Mailer.Failing = true;
        using (spans.StartTrace("request"))
        {
            await host.MustAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));
        }

        host.Mailer.Failing = false;
        host.Clock.Advance(Duration.FromMinutes(1));
        using (spans.StartTrace("worker"))
        {
            await host.Supervisor.ApplyDueTimersAsync();
        }

        var command = spans.Named("supervision.command").Single();
        var sweep = spans.Named("supervision.sweep").Should().ContainSingle().Subject;
        var handlings = spans.Named("supervision.handle_event");
        handlings.Should().HaveCount(2, "the failed inline attempt and the sweep's delivery");
        handlings[0].Status.Should().Be(ActivityStatusCode.Error);
        handlings[0].GetTagItem("koogallery.supervision.outcome").Should().Be("failed");
        var delivered = handlings[1];
        delivered.TraceId.Should().Be(sweep.TraceId, "the sweep delivers it in its own trace");
        delivered.TraceId.Should().NotBe(command.TraceId);
        var link = delivered.Links.Should().ContainSingle().Subject;
        link.Context.TraceId.Should().Be(command.TraceId);
        link.Context.SpanId.Should().Be(command.SpanId);
    }

    [Fact]
    public async Task ViewsSearchesAndSweeps_EachHaveTheirSpan()
    {
        using var spans = new SpanProbe();
        using var host = new TelemetryHost();
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        using (spans.StartTrace("test"))
        {
            await host.Supervisor.GetViewAsync("ORD-1", TestHost.Buyer);
            await host.Supervisor.GetPermittedActionsAsync("ORD-1", TestHost.Seller);
            await host.Supervisor.SearchAsync(new FlowQuery(), TestHost.Manager);
            await host.Supervisor.ApplyDueTimersAsync();
        }

        spans.Stopped.Select(a => a.OperationName).Should().Equal(
            "supervision.view", "supervision.permitted_actions", "supervision.search", "supervision.sweep");
        spans.Named("supervision.view").Single().GetTagItem("koogallery.supervision.stage.after").Should().Be("AwaitingRequest");
        spans.Named("supervision.search").Single().GetTagItem("koogallery.supervision.results.count").Should().Be(1);
        spans.Named("supervision.sweep").Single().GetTagItem("koogallery.supervision.flows.updated").Should().Be(0);
    }

    [Fact]
    public async Task A_sweep_its_caller_cancels_is_a_cancelled_span_and_measurement_not_an_error()
    {
        // Before: a host stopping during a sweep showed as a failed sweep (status Error, outcome error) in every deploy.
        using var spans = new SpanProbe();
        using var host = new TelemetryHost();
        using var sweeps = new MetricCollector<double>(host.Meter, "koogallery.supervision.sweep.duration");
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        using (spans.StartTrace("worker"))
        {
            var sweep = async () => await host.Supervisor.ApplyDueTimersAsync(stopping.Token);
            await sweep.Should().ThrowAsync<OperationCanceledException>();
        }

        var span = spans.Named("supervision.sweep").Should().ContainSingle().Subject;
        span.Status.Should().Be(ActivityStatusCode.Unset);
        span.GetTagItem("koogallery.supervision.outcome").Should().Be("cancelled");
        span.GetTagItem("error.type").Should().BeNull();
        var measured = sweeps.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        measured.Tags["koogallery.supervision.outcome"].Should().Be("cancelled");
        measured.Tags.Should().NotContainKey("error.type");
    }

    private sealed class FailingStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        public bool Failing { get; set; }

        public override ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) =>
            Failing ? throw new SupervisionStoreException("ConnectionFailed", "The database at db:5432 cannot be reached.", null) : base.LoadAsync(orderNumber, cancellationToken);
    }
}
