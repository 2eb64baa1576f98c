using KooGallery.Supervision.FluentAssertions;
using KooGallery.Supervision.Testing;

namespace KooGallery.Supervision.Tests.Testing;

/// <summary>The harness's flow builder: every stage by the shortest legal path through the public commands.</summary>
public class FlowBuilderTests
{
    private static async Task<SupervisionAction[]> ActionsAsync(SupervisionTestHost host, string orderNumber = "ORD-1") =>
        (await host.RecordsAsync(orderNumber)).Select(r => r.Action).ToArray();

    [Theory]
    [InlineData(Stage.AwaitingRequest)]
    [InlineData(Stage.RequestSubmitted)]
    [InlineData(Stage.RequestReturned)]
    [InlineData(Stage.InService)]
    [InlineData(Stage.Delivered)]
    [InlineData(Stage.DeliveryRejected)]
    [InlineData(Stage.Accepted)]
    [InlineData(Stage.Completed)]
    [InlineData(Stage.Closed)]
    public async Task DriveToAsync_ProfessionalService_ReachesEveryStage(Stage stage)
    {
        var host = new SupervisionTestHost();

        var flow = await host.NewFlow("ORD-1").DriveToAsync(stage);

        flow.Stage.Should().Be(stage);
        flow.ProductKind.Should().Be(ProductKind.ProfessionalService);
        (await host.ViewAsync("ORD-1", host.Buyer)).Should().BeIn(stage).And.NotBeFrozen();
    }

    [Theory]
    [InlineData(Stage.InService)]
    [InlineData(Stage.Delivered)]
    [InlineData(Stage.DeliveryRejected)]
    [InlineData(Stage.Accepted)]
    [InlineData(Stage.Completed)]
    [InlineData(Stage.Closed)]
    public async Task DriveToAsync_LicenseProduct_ReachesEveryStageWithoutARequestStep(Stage stage)
    {
        var host = new SupervisionTestHost();

        var flow = await host.NewFlow("LIC-1").OfKind(ProductKind.License).DriveToAsync(stage);

        flow.Stage.Should().Be(stage);
        (await ActionsAsync(host, "LIC-1")).Should().NotContain([SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest]);
    }

    [Theory]
    [InlineData(Stage.AwaitingRequest)]
    [InlineData(Stage.RequestSubmitted)]
    [InlineData(Stage.RequestReturned)]
    public async Task DriveToAsync_LicenseProductToARequestStage_ThrowsBeforeCreatingAnything(Stage stage)
    {
        var host = new SupervisionTestHost();

        var act = () => host.NewFlow("LIC-1").OfKind(ProductKind.License).DriveToAsync(stage);

        (await act.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("LIC-1").And.Contain("License").And.Contain("no request step");
        (await host.Supervisor.GetViewAsync("LIC-1", host.OperationsManager)).Should().BeRefusedWith(SupervisionErrorCode.NotFound);
    }

    [Fact]
    public async Task DriveToAsync_ShortestPath_SendsOneCommandPerStage()
    {
        var host = new SupervisionTestHost();

        await host.NewFlow("ORD-1").DriveToAsync(Stage.Accepted);

        (await ActionsAsync(host)).Should().Equal(
            SupervisionAction.CreateFlow, SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest,
            SupervisionAction.Deliver, SupervisionAction.AcceptDelivery);
    }

    [Fact]
    public async Task DriveToAsync_DeliveredWithTwoDeliveryRejections_GoesDeliverRejectDeliverRejectDeliver()
    {
        var host = new SupervisionTestHost();

        var flow = await host.NewFlow("ORD-1").WithDeliveryRejections(2).DriveToAsync(Stage.Delivered);

        flow.DeliveryRejections.Should().Be(2);
        (await ActionsAsync(host)).Skip(3).Should().Equal(
            SupervisionAction.Deliver, SupervisionAction.RejectDelivery, SupervisionAction.Deliver,
            SupervisionAction.RejectDelivery, SupervisionAction.Deliver);
    }

    [Fact]
    public async Task DriveToAsync_InServiceWithTwoRequestRejections_ReturnsAndResubmitsOnTheWay()
    {
        var host = new SupervisionTestHost();

        var flow = await host.NewFlow("ORD-1").WithRequestRejections(2).DriveToAsync(Stage.InService);

        flow.RequestRejections.Should().Be(2);
        (await ActionsAsync(host)).Should().Equal(
            SupervisionAction.CreateFlow, SupervisionAction.SubmitRequest, SupervisionAction.ReturnRequest,
            SupervisionAction.SubmitRequest, SupervisionAction.ReturnRequest, SupervisionAction.SubmitRequest,
            SupervisionAction.AcceptRequest);
    }

    [Fact]
    public async Task DriveToAsync_RejectedStagesWithoutACount_RejectOnce()
    {
        var host = new SupervisionTestHost();

        var returned = await host.NewFlow("ORD-1").DriveToAsync(Stage.RequestReturned);
        var rejected = await host.NewFlow("ORD-2").DriveToAsync(Stage.DeliveryRejected);

        returned.RequestRejections.Should().Be(1);
        rejected.DeliveryRejections.Should().Be(1);
    }

    [Fact]
    public async Task DriveToAsync_WithAppealBySeller_LeavesTheAppealOpenInTheTargetStage()
    {
        var host = new SupervisionTestHost();

        var flow = await host.NewFlow("ORD-1").WithAppealBy(Party.Seller).DriveToAsync(Stage.Delivered);

        flow.IsFrozen.Should().BeTrue();
        flow.Appeal!.OpenedBy.Should().Be(host.Seller);
        flow.Appeal.FrozenStage.Should().Be(Stage.Delivered);
        (await host.ViewAsync("ORD-1", host.OperationsManager)).Should()
            .BeIn(Stage.Delivered).And.BeFrozen().And.BeWaitingOn(Party.OperationsManagers).And.Permit(SupervisionAction.DecideAppeal);
        host.EventsOf("ORD-1").Should().ContainSingleOfKind(SupervisionEventKind.AppealOpened);
    }

    [Fact]
    public async Task DriveToAsync_WithAppealByBuyerAfterThreeDeliveryRejections_OpensTheBuyersAppeal()
    {
        var host = new SupervisionTestHost();

        var flow = await host.NewFlow("ORD-1").WithDeliveryRejections(3).WithAppealBy(Party.Buyer).DriveToAsync(Stage.DeliveryRejected);

        flow.DeliveryRejections.Should().Be(3);
        flow.Appeal!.OpenedBy.Should().Be(host.Buyer);
        flow.Appeal.FrozenStage.Should().Be(Stage.DeliveryRejected);
    }

    [Fact]
    public async Task DriveToAsync_ARefusedStep_ThrowsNamingTheStepAndQuotingTheLibrarysRefusal()
    {
        var host = new SupervisionTestHost();

        var act = () => host.NewFlow("ORD-1").WithAppealBy(Party.Buyer).DriveToAsync(Stage.Delivered);

        var thrown = (await act.Should().ThrowAsync<InvalidOperationException>()).Which;
        thrown.Message.Should().Contain("Driving order ORD-1 to Delivered with an appeal by the Buyer, step 4 (OpenAppeal by Buyer buyer-1 in stage Delivered)")
            .And.Contain("was refused with ConditionNotMet (AppealConditionsNotMet) in stage Delivered: The buyer may not appeal yet")
            .And.Contain("request rejections 0 of 3; delivery rejections 0 of 3");
    }

    [Fact]
    public async Task DriveToAsync_Closed_GoesThroughASellerAppealClosedByAnOperationsManager()
    {
        var host = new SupervisionTestHost();

        var flow = await host.NewFlow("ORD-1").DriveToAsync(Stage.Closed);

        flow.Status.Should().Be(OrderStatus.Closed);
        var records = await host.RecordsAsync("ORD-1");
        records.Select(r => (r.Action, r.ActorId)).Should().Equal(
            (SupervisionAction.CreateFlow, Actor.SystemId),
            (SupervisionAction.OpenAppeal, host.Seller.Id),
            (SupervisionAction.DecideAppeal, host.OperationsManager.Id));
        records[^1].Fields.Should().Contain(DecideAppeal.OutcomeField, nameof(AppealOutcome.Close));
        host.Events.Should().ContainSingleOfKind(SupervisionEventKind.Closed);
    }

    [Fact]
    public async Task DriveToAsync_ClosedWithThreeRequestRejectionsAndABuyersAppeal_AppealsWhereTheCountIsReached()
    {
        var host = new SupervisionTestHost();

        await host.NewFlow("ORD-1").WithRequestRejections(3).WithAppealBy(Party.Buyer).DriveToAsync(Stage.Closed);

        var records = await host.RecordsAsync("ORD-1");
        var appeal = records.Single(r => r.Action == SupervisionAction.OpenAppeal);
        appeal.ActorId.Should().Be(host.Buyer.Id);
        appeal.StageBefore.Should().Be(Stage.RequestReturned);
        records.Count(r => r.Action == SupervisionAction.ReturnRequest).Should().Be(3);
    }

    [Fact]
    public async Task DriveToAsync_Completed_AcceptsThenAdvancesTheClockByTheCompletionDelayAndSweeps()
    {
        var host = new SupervisionTestHost();

        var flow = await host.NewFlow("ORD-1").DriveToAsync(Stage.Completed);

        flow.AcceptedAt.Should().Be(SupervisionTestHost.DefaultStart);
        flow.CompletedAt.Should().Be(SupervisionTestHost.DefaultStart + Duration.FromHours(3));
        host.Now.Should().Be(SupervisionTestHost.DefaultStart + Duration.FromHours(3));
        (await host.RecordsAsync("ORD-1"))[^1].Should().Match<OperationRecord>(r => r.Action == SupervisionAction.CompleteOnSchedule && r.ActorRole == ActorRole.System);
        host.Events.Should().ContainSingleOfKind(SupervisionEventKind.Completed);
    }

    [Fact]
    public async Task DriveToAsync_CompletedUnderAPolicy_WaitsThePolicysDelay()
    {
        var host = new SupervisionTestHost(new SupervisionPolicy { CompletionDelay = Duration.FromHours(24) });

        var flow = await host.NewFlow("ORD-1").OfKind(ProductKind.Hardware).DriveToAsync(Stage.Completed);

        flow.CompletedAt.Should().Be(flow.AcceptedAt!.Value + Duration.FromHours(24));
    }

    [Fact]
    public async Task DriveToAsync_AnExistingFlow_IsDrivenOnFromWhereItStands()
    {
        var host = new SupervisionTestHost();
        var builder = host.NewFlow("ORD-1");
        await builder.DriveToAsync(Stage.RequestSubmitted);
        host.Advance(Duration.FromHours(1));

        await builder.DriveToAsync(Stage.RequestSubmitted); // already there: nothing is sent
        var flow = await builder.WithDeliveryRejections(1).DriveToAsync(Stage.Delivered);

        flow.Stage.Should().Be(Stage.Delivered);
        (await ActionsAsync(host)).Should().Equal(
            SupervisionAction.CreateFlow, SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest,
            SupervisionAction.Deliver, SupervisionAction.RejectDelivery, SupervisionAction.Deliver);
    }

    [Fact]
    public async Task DriveToAsync_AStageBehindTheFlow_ThrowsNoLegalPath()
    {
        var host = new SupervisionTestHost();
        var builder = host.NewFlow("ORD-1");
        await builder.DriveToAsync(Stage.Delivered);

        var act = () => builder.DriveToAsync(Stage.InService);

        (await act.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("No legal path leads from order ORD-1 in stage Delivered to InService");
    }

    [Fact]
    public async Task DriveToAsync_AFrozenFlow_IsClosedWhenClosedIsTheTargetAndRefusedOtherwise()
    {
        var host = new SupervisionTestHost();
        var builder = host.NewFlow("ORD-1").WithAppealBy(Party.Seller);
        await builder.DriveToAsync(Stage.InService);

        var act = () => host.NewFlow("ORD-1").DriveToAsync(Stage.Delivered);
        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("freezes it in stage InService");

        var closed = await builder.DriveToAsync(Stage.Closed);
        closed.Stage.Should().Be(Stage.Closed);
        (await ActionsAsync(host)).Count(a => a == SupervisionAction.OpenAppeal).Should().Be(1);
    }

    [Fact]
    public async Task DriveToAsync_ImpossibleGoals_ThrowBeforeAnyCommand()
    {
        var host = new SupervisionTestHost();

        var completedWithAppeal = () => host.NewFlow("A").WithAppealBy(Party.Seller).DriveToAsync(Stage.Completed);
        var awaitingWithReturns = () => host.NewFlow("B").WithRequestRejections(1).DriveToAsync(Stage.AwaitingRequest);
        var inServiceWithRejections = () => host.NewFlow("C").WithDeliveryRejections(1).DriveToAsync(Stage.InService);

        (await completedWithAppeal.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("cannot carry an open appeal");
        (await awaitingWithReturns.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("no request rejections");
        (await inServiceWithRejections.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("has not been delivered yet");
        host.Events.Should().BeEmpty();
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedAtOnce()
    {
        var builder = new SupervisionTestHost().NewFlow("ORD-1");

        ((Action)(() => builder.WithRequestRejections(-1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => builder.WithDeliveryRejections(-1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => builder.WithRequestRejections(FlowBuilder.MaxRejections + 1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => builder.WithDeliveryRejections(int.MaxValue))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => builder.WithAppealBy(Party.OperationsManagers))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task DriveToAsync_Templates_AreFilledInEveryRequestAndDelivery()
    {
        var host = new SupervisionTestHost();

        await host.NewFlow("ORD-1")
            .WithRequestTemplate(new TemplateField("Target version"), new TemplateField("Notes", Required: false))
            .WithDeliveryTemplate(new TemplateField("Migration report"))
            .DriveToAsync(Stage.Accepted);

        var records = await host.RecordsAsync("ORD-1");
        records.Single(r => r.Action == SupervisionAction.SubmitRequest).Fields.Should().Contain("Target version", "Value of Target version");
        records.Single(r => r.Action == SupervisionAction.Deliver).Fields.Should().Contain("Migration report", "Value of Migration report");
    }

    [Fact]
    public void ToOrder_CarriesEveryOption()
    {
        var host = new SupervisionTestHost();
        var placedAt = SupervisionTestHost.DefaultStart - Duration.FromDays(2);

        var order = host.NewFlow("ORD-9")
            .OfKind(ProductKind.OfflineSaas)
            .ForProduct("product-9")
            .PlacedAt(placedAt)
            .WithAmount(99.5m, "USD")
            .WithRequestTemplate(new TemplateField("Seats"))
            .ToOrder();

        order.Should().BeEquivalentTo(new
        {
            OrderNumber = "ORD-9",
            BuyerId = host.Buyer.Id,
            SellerId = host.Seller.Id,
            ProductId = "product-9",
            ProductKind = ProductKind.OfflineSaas,
            AmountPaid = 99.5m,
            Currency = "USD",
            PlacedAt = placedAt,
            IsRenewal = false,
        });
        order.RequestTemplate.Should().Equal(new TemplateField("Seats"));
        order.DeliveryTemplate.Should().BeNull();
    }

    [Fact]
    public async Task CreateAsync_CreatesOnceAndThenReturnsTheFlowAsItStands()
    {
        var host = new SupervisionTestHost();
        var builder = host.NewFlow("ORD-1").OfKind(ProductKind.License);

        var created = await builder.CreateAsync();
        host.Advance(Duration.FromMinutes(5));
        var again = await builder.CreateAsync();

        created.Stage.Should().Be(Stage.InService);
        again.Version.Should().Be(created.Version);
        (await host.RecordsAsync("ORD-1")).Should().ContainSingle();
    }
}
