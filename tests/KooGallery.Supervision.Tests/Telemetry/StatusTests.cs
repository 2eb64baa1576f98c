using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Telemetry;

/// <summary>ServiceSupervisor.GetStatusAsync: what the health checks and gauges are built on.</summary>
public class StatusTests
{
    [Fact]
    public async Task GetStatusAsync_NewSupervisor_ReportsNothingPendingAndTheLagSinceItWasBuilt()
    {
        using var host = new TelemetryHost();
        host.Clock.Advance(Duration.FromMinutes(3));

        var status = await host.Supervisor.GetStatusAsync();

        status.AsOf.Should().Be(TestHost.Start + Duration.FromMinutes(3));
        status.LastSweepAt.Should().BeNull();
        status.SweepLag.Should().Be(Duration.FromMinutes(3));
        status.PendingEvents.Should().Be(0);
        status.OldestPendingEventAge.Should().BeNull();
        status.ParkedFlows.Should().Be(0);
        status.OpenAppeals.Should().Be(0);
        status.OverdueAppeals.Should().Be(0);
    }

    [Fact]
    public async Task GetStatusAsync_AfterASweepWithAFailingHandlerAndAnOpenAppeal_CountsThemWithoutChangingAnything()
    {
        using var host = new TelemetryHost();
        host.Mailer.Failing = true;
        await host.Supervisor.CreateFlowAsync(TestHost.Order());
        await host.MustAsync(new OpenAppeal("c-1", "ORD-1", TestHost.Seller, "The buyer does not answer."));
        await host.Supervisor.ApplyDueTimersAsync();
        host.Clock.Advance(Duration.FromHours(1));
        var before = await host.Store.LoadAsync("ORD-1", CancellationToken.None);

        var status = await host.Supervisor.GetStatusAsync();

        status.LastSweepAt.Should().Be(TestHost.Start);
        status.SweepLag.Should().Be(Duration.FromHours(1));
        status.PendingEvents.Should().Be(1, "the appeal's event is pending, deferred after its handler failed");
        status.OldestPendingEventAge.Should().Be(Duration.FromHours(1));
        status.OpenAppeals.Should().Be(1);
        status.OverdueAppeals.Should().Be(0, "the decision deadline is three working days away");
        (await host.Store.LoadAsync("ORD-1", CancellationToken.None))!.Version.Should().Be(before!.Version, "a status only reads");
    }
}
