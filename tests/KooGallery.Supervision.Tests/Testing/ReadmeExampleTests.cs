// The example of the README section "Testing your workflow rules", kept here so that it compiles and passes.
using System.Threading.Tasks;
using FluentAssertions;
using KooGallery.Supervision;
using KooGallery.Supervision.FluentAssertions;
using KooGallery.Supervision.Testing;
using NodaTime;
using Xunit;

namespace KooGallery.Supervision.Tests.Testing;

public class ReadmeExampleTests
{
    [Fact]
    public async Task R15_an_accepted_delivery_completes_three_hours_later()
    {
        var host = new SupervisionTestHost(); // in-memory store, fake clock at Monday 2 March 2026 09:00 UTC
        await host.NewFlow("ORD-1").DriveToAsync(Stage.Accepted);

        host.Advance(Duration.FromHours(3));
        await host.SweepAsync();

        (await host.ViewAsync("ORD-1", host.Buyer)).Should()
            .BeIn(Stage.Completed).And.HaveStatus(OrderStatus.Completed).And.BeWaitingOn(Party.Nobody);
        host.Events.Should().ContainSingleOfKind(SupervisionEventKind.Completed);
    }

    [Fact]
    public async Task R21_the_buyer_may_appeal_after_three_delivery_rejections()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-2").WithDeliveryRejections(3).DriveToAsync(Stage.DeliveryRejected);

        (await host.ViewAsync("ORD-2", host.Buyer)).Should()
            .BeWaitingOn(Party.Seller).And.HaveDeliveryRejections(3).And.Permit(SupervisionAction.OpenAppeal);
        var appeal = await host.ExecuteAsync(new OpenAppeal(host.NextCommandId(), "ORD-2", host.Buyer, "Three deliveries missed the brief."));

        appeal.Should().Succeed();
        (await host.ViewAsync("ORD-2", host.OperationsManager)).Should().BeFrozen().And.Permit(SupervisionAction.DecideAppeal);
    }

    [Fact]
    public async Task R20_an_open_appeal_freezes_the_flow()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-3").WithAppealBy(Party.Seller).DriveToAsync(Stage.Delivered);

        var accept = await host.ExecuteAsync(new AcceptDelivery(host.NextCommandId(), "ORD-3", host.Buyer));

        accept.Should().BeRefusedWith(SupervisionErrorCode.Frozen).WithReason(SupervisionErrorReason.AppealOpen);
        host.EventsOf("ORD-3").Should().NotContainOfKind(SupervisionEventKind.DeliveryAccepted);
    }
}
