namespace KooGallery.Supervision.Tests.Flows;

public sealed class StageProgressTests
{
    [Fact]
    public void Of_StagesAlongTheOrdinaryPath_RiseAndLoopsShareAPlace()
    {
        Stage[] path = [Stage.AwaitingRequest, Stage.RequestSubmitted, Stage.InService, Stage.Delivered, Stage.Accepted, Stage.Completed];

        path.Select(StageProgress.Of).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        StageProgress.Of(Stage.RequestReturned).Should().Be(StageProgress.Of(Stage.RequestSubmitted), "a returned request goes back to the same place");
        StageProgress.Of(Stage.DeliveryRejected).Should().Be(StageProgress.Of(Stage.Delivered), "a rejected delivery goes back to the same place");
        StageProgress.Of(Stage.Closed).Should().Be(StageProgress.Of(Stage.Completed), "both final stages come last");
    }

    [Theory]
    [InlineData(Stage.InService, Stage.Delivered, true)]
    [InlineData(Stage.AwaitingRequest, Stage.Accepted, true)]
    [InlineData(Stage.RequestReturned, Stage.RequestSubmitted, false)]
    [InlineData(Stage.DeliveryRejected, Stage.Delivered, false)]
    [InlineData(Stage.Accepted, Stage.InService, false)]
    [InlineData(Stage.Accepted, Stage.Accepted, false)]
    public void IsBefore_TwoStages_IsTrueOnlyForAStrictlyEarlierPlace(Stage stage, Stage other, bool expected) =>
        stage.IsBefore(other).Should().Be(expected);
}
