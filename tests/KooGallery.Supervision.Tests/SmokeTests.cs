using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Full_story_reaches_completed_with_six_records()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Completed);
        var view = await host.ViewAsync(TestHost.Buyer);
        view.Records.Select(r => r.Action).Should().Equal(
            SupervisionAction.CreateFlow, SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest,
            SupervisionAction.Deliver, SupervisionAction.AcceptDelivery, SupervisionAction.CompleteOnSchedule);
        view.Status.Should().Be(OrderStatus.Completed);
        host.Events.Received.Select(e => e.Kind).Should().Contain(SupervisionEventKind.Completed);
    }
}
