using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>R1 to R7: parties, creating a flow, stages and the derived order status.</summary>
public class PartiesAndCreationRuleTests
{
    // ---------------------------------------------------------------- R1

    [Fact]
    public async Task R1_another_buyer_is_forbidden_to_act_on_the_flow()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.OtherBuyer, "I am not the buyer of this order."));

        var error = result.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        error.Reason.Should().Be("NotAParty");
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R1_another_seller_is_forbidden_to_act_on_or_read_the_flow()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var before = await host.SnapshotAsync();

        var act = await host.RunAsync(new AcceptRequest(host.NextCommandId(), "ORD-1", TestHost.OtherSeller));
        var read = await host.Supervisor.GetViewAsync("ORD-1", TestHost.OtherSeller);
        var otherBuyerRead = await host.Supervisor.GetViewAsync("ORD-1", TestHost.OtherBuyer);

        act.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        read.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        otherBuyerRead.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        (await host.SnapshotAsync()).Should().Be(before);
        (await host.FlowAsync()).Stage.Should().Be(Stage.RequestSubmitted);
    }

    [Fact]
    public async Task R1_the_buyer_may_not_take_the_sellers_action()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new AcceptRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer));

        result.ShouldBeRefused(SupervisionErrorCode.Forbidden).Reason.Should().Be("WrongRole");
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R1_the_seller_may_not_take_the_buyers_action()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);

        var result = await host.RunAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", TestHost.Seller));

        result.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        (await host.FlowAsync()).Stage.Should().Be(Stage.Delivered);
    }

    [Fact]
    public async Task R1_an_operations_manager_may_read_any_flow()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.CreateAsync(TestHost.Order("ORD-2") with { BuyerId = "buyer-9", SellerId = "seller-9" });

        var first = await host.Supervisor.GetViewAsync("ORD-1", TestHost.Manager);
        var second = await host.Supervisor.GetViewAsync("ORD-2", Actor.OperationsManager("ops-7"));

        first.ShouldSucceed().Stage.Should().Be(Stage.InService);
        second.ShouldSucceed().Stage.Should().Be(Stage.AwaitingRequest);
    }

    [Fact]
    public async Task R1_an_operations_manager_may_not_take_party_actions_or_open_an_appeal()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var deliver = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Manager, TestHost.Sow, TestHost.AcceptanceDoc));
        var appeal = await host.RunAsync(new OpenAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "I want to look at this."));
        var remind = await host.RunAsync(new SendReminder(host.NextCommandId(), "ORD-1", TestHost.Manager));

        deliver.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        appeal.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        remind.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R1_an_operations_manager_acts_on_appeals()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();

        var outcome = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", Actor.OperationsManager("ops-2"), "Carry on.", AppealOutcome.Resume));

        outcome.ShouldSucceed().Action.Should().Be(SupervisionAction.DecideAppeal);
        (await host.FlowAsync()).IsFrozen.Should().BeFalse();
    }

    [Fact]
    public async Task R1_only_an_operations_manager_decides_an_appeal()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var byBuyer = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Buyer, "I decide myself.", AppealOutcome.Close));
        var bySeller = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Seller, "I decide myself.", AppealOutcome.Complete));

        byBuyer.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        bySeller.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R1_the_system_actor_takes_no_command_action()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var accept = await host.RunAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", Actor.System));
        var decide = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", Actor.System, "Automatic.", AppealOutcome.Complete));

        accept.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        decide.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R1_a_flow_has_one_buyer_and_one_seller_who_are_different_parties()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { SellerId = TestHost.Buyer.Id });

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(NewServiceFlow.SellerId));
        (await host.Store.LoadAsync("ORD-1", CancellationToken.None)).Should().BeNull();
    }

    // ---------------------------------------------------------------- R2

    [Fact]
    public async Task R2_creating_a_flow_keeps_every_fact_of_the_paid_order()
    {
        var host = new TestHost();
        var placed = TestHost.Start - Duration.FromHours(2);
        var order = new NewServiceFlow
        {
            OrderNumber = "ORD-77",
            BuyerId = TestHost.Buyer.Id,
            SellerId = TestHost.Seller.Id,
            ProductId = "product-db-migration",
            ProductKind = ProductKind.OfflineSaas,
            AmountPaid = 4999.50m,
            Currency = "CNY",
            PlacedAt = placed,
            RequestTemplate = [new TemplateField("Target version"), new TemplateField("Notes", Required: false)],
            DeliveryTemplate = [new TemplateField("Migration report")],
        };

        var flow = (await host.Supervisor.CreateFlowAsync(order)).ShouldSucceed();

        flow.OrderNumber.Should().Be("ORD-77");
        flow.BuyerId.Should().Be(TestHost.Buyer.Id);
        flow.SellerId.Should().Be(TestHost.Seller.Id);
        flow.ProductId.Should().Be("product-db-migration");
        flow.ProductKind.Should().Be(ProductKind.OfflineSaas);
        flow.AmountPaid.Should().Be(4999.50m);
        flow.Currency.Should().Be("CNY");
        flow.PlacedAt.Should().Be(placed);
        flow.RequestTemplate.Should().Equal(new TemplateField("Target version"), new TemplateField("Notes", Required: false));
        flow.DeliveryTemplate.Should().Equal(new TemplateField("Migration report"));
        flow.CreatedAt.Should().Be(TestHost.Start);

        var stored = await host.FlowAsync("ORD-77");
        stored.Should().NotBeNull();
        stored.ProductId.Should().Be("product-db-migration");
        var records = await host.RecordsAsync("ORD-77");
        records.Should().ContainSingle().Which.Action.Should().Be(SupervisionAction.CreateFlow);
    }

    [Fact]
    public async Task R2_a_product_without_templates_gets_empty_templates()
    {
        var host = new TestHost();

        var flow = await host.CreateAsync();

        flow.RequestTemplate.Should().BeEmpty();
        flow.DeliveryTemplate.Should().BeEmpty();
    }

    [Fact]
    public async Task R2_an_order_without_a_buyer_is_refused_and_creates_nothing()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { BuyerId = "" });

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(NewServiceFlow.BuyerId));
        (await host.Store.LoadAsync("ORD-1", CancellationToken.None)).Should().BeNull();
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public async Task R2_a_placement_after_now_by_more_than_the_clock_tolerance_is_refused_and_creates_nothing(long nanosecondsBeyond, bool accepted)
    {
        // A flow is created once its order is paid: by default a placement may lie at most a day after the clock.
        var host = new TestHost();
        var placed = TestHost.Start + Duration.FromDays(1) + Duration.FromNanoseconds(nanosecondsBeyond);

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order(placedAt: placed));

        if (accepted)
        {
            result.ShouldSucceed().PlacedAt.Should().Be(placed);
            return;
        }

        var error = result.ShouldBeRefused(SupervisionErrorCode.Validation);
        error.Reason.Should().Be(SupervisionErrorReason.PlacedInTheFuture);
        error.Fields.Should().ContainSingle().Which.Field.Should().Be(nameof(NewServiceFlow.PlacedAt));
        error.Message.Should().Contain("PlacementClockTolerance");
        (await host.Store.LoadAsync("ORD-1", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task R2_with_no_clock_tolerance_a_placement_one_nanosecond_after_now_is_refused_and_one_at_now_is_taken()
    {
        var clock = new FakeClock(TestHost.Start);
        var supervisor = new ServiceSupervisor(new InMemoryServiceFlowStore(), clock, new ServiceSupervisionOptions { PlacementClockTolerance = TimeSpan.Zero });

        var later = await supervisor.CreateFlowAsync(TestHost.Order("ORD-1", placedAt: TestHost.Start + Duration.Epsilon));
        var now = await supervisor.CreateFlowAsync(TestHost.Order("ORD-2", placedAt: TestHost.Start));

        later.ShouldBeRefused(SupervisionErrorCode.Validation).Reason.Should().Be(SupervisionErrorReason.PlacedInTheFuture);
        now.ShouldSucceed().PlacedAt.Should().Be(TestHost.Start);
    }

    [Fact]
    public async Task R2_an_existing_flow_is_returned_even_when_the_clock_went_back_before_its_placement()
    {
        // Creating twice (R3) is not judged again: the flow was accepted, and the same order finds it.
        var host = new TestHost();
        var created = await host.CreateAsync();
        host.Clock.Reset(TestHost.Start - Duration.FromDays(3));

        var again = await host.Supervisor.CreateFlowAsync(TestHost.Order());

        again.ShouldSucceed().OrderNumber.Should().Be(created.OrderNumber);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(30 * 24 * 60 + 1)]
    public void R2_a_clock_tolerance_out_of_range_is_refused_naming_the_option(int minutes)
    {
        var options = new ServiceSupervisionOptions { PlacementClockTolerance = TimeSpan.FromMinutes(minutes) };

        var act = options.Validate;

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(nameof(ServiceSupervisionOptions.PlacementClockTolerance));
    }

    // ---------------------------------------------------------------- R3

    [Fact]
    public async Task R3_creating_again_with_the_same_data_returns_the_existing_flow()
    {
        var host = new TestHost();
        var first = await host.CreateAsync();
        await host.SubmitAsync();
        var progressed = await host.FlowAsync();

        var again = (await host.Supervisor.CreateFlowAsync(TestHost.Order())).ShouldSucceed();

        again.Should().BeSameAs(progressed, "the existing flow is returned, not a new one");
        again.Stage.Should().Be(Stage.RequestSubmitted, "the existing flow is not reset");
        again.Version.Should().Be(progressed.Version);
        first.Version.Should().Be(1);
        (await host.RecordsAsync()).Where(r => r.Action == SupervisionAction.CreateFlow).Should().ContainSingle("nothing is duplicated");
        ((InMemoryServiceFlowStore)host.Store).Count.Should().Be(1);
    }

    [Fact]
    public async Task R3_creating_again_with_different_data_is_a_Conflict_and_changes_nothing()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var before = await host.SnapshotAsync();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { AmountPaid = 1300m });

        var error = result.ShouldBeRefused(SupervisionErrorCode.Conflict);
        error.Reason.Should().Be("DifferentOrderData");
        error.Message.Should().Contain(nameof(NewServiceFlow.AmountPaid));
        (await host.SnapshotAsync()).Should().Be(before);
        (await host.FlowAsync()).AmountPaid.Should().Be(1200m);
    }

    [Fact]
    public async Task R3_a_different_seller_for_an_existing_order_number_is_a_Conflict()
    {
        var host = new TestHost();
        await host.CreateAsync();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { SellerId = TestHost.OtherSeller.Id });

        result.ShouldBeRefused(SupervisionErrorCode.Conflict);
        (await host.FlowAsync()).SellerId.Should().Be(TestHost.Seller.Id);
    }

    // ---------------------------------------------------------------- R4

    [Fact]
    public async Task R4_a_renewal_order_gets_no_flow_and_a_clear_Validation_error()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { IsRenewal = true });

        var error = result.ShouldBeRefused(SupervisionErrorCode.Validation);
        error.Reason.Should().Be("RenewalOrder");
        error.Message.Should().ContainEquivalentOf("renewal");
        (await host.Store.LoadAsync("ORD-1", CancellationToken.None)).Should().BeNull();
        host.Events.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task R4_a_renewal_of_an_order_that_already_has_a_flow_is_still_refused()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var before = await host.SnapshotAsync();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { IsRenewal = true });

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Reason.Should().Be("RenewalOrder");
        (await host.SnapshotAsync()).Should().Be(before);
    }

    // ---------------------------------------------------------------- R5

    [Theory]
    [InlineData(ProductKind.ProfessionalService, Stage.AwaitingRequest)]
    [InlineData(ProductKind.ConsultingService, Stage.AwaitingRequest)]
    [InlineData(ProductKind.OfflineSaas, Stage.AwaitingRequest)]
    [InlineData(ProductKind.License, Stage.InService)]
    [InlineData(ProductKind.Hardware, Stage.InService)]
    public async Task R5_the_first_stage_depends_on_the_product_kind(ProductKind kind, Stage expected)
    {
        var host = new TestHost();

        var flow = await host.CreateAsync("ORD-1", kind);

        flow.Stage.Should().Be(expected);
        (await host.RecordsAsync()).Single().StageAfter.Should().Be(expected);
    }

    [Fact]
    public async Task R5_a_license_starts_InService_and_the_seller_delivers_straight_away()
    {
        var host = new TestHost();
        var flow = await host.CreateAsync("ORD-1", ProductKind.License);

        flow.Stage.Should().Be(Stage.InService);
        flow.WaitingOn.Should().Be(Party.Seller);
        var submit = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "A request for a license?"));
        submit.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);

        var outcome = await host.DeliverAsync();

        outcome.StageBefore.Should().Be(Stage.InService);
        outcome.StageAfter.Should().Be(Stage.Delivered);
    }

    [Fact]
    public async Task R5_the_kind_to_variant_mapping_is_policy()
    {
        var policy = new SupervisionPolicy { KindsWithRequestStep = new HashSet<ProductKind> { ProductKind.License } };
        var host = new TestHost(policy);

        var license = await host.CreateAsync("ORD-L", ProductKind.License);
        var service = await host.CreateAsync("ORD-S", ProductKind.ProfessionalService);

        license.Stage.Should().Be(Stage.AwaitingRequest);
        service.Stage.Should().Be(Stage.InService);
    }

    // ---------------------------------------------------------------- R6

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
    public async Task R6_every_stage_can_be_reached(Stage stage)
    {
        var host = new TestHost();

        var flow = await host.FlowInStageAsync(stage);

        flow.Stage.Should().Be(stage);
        flow.IsFinal.Should().Be(stage is Stage.Completed or Stage.Closed);
    }

    [Theory]
    [InlineData(Stage.AwaitingRequest)]
    [InlineData(Stage.RequestSubmitted)]
    [InlineData(Stage.RequestReturned)]
    [InlineData(Stage.InService)]
    [InlineData(Stage.Delivered)]
    [InlineData(Stage.DeliveryRejected)]
    [InlineData(Stage.Accepted)]
    public async Task R6_an_open_appeal_freezes_the_flow_in_whichever_stage_it_is(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);

        await host.SellerAppealAsync();

        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(stage);
        flow.IsFrozen.Should().BeTrue();
        flow.Appeal!.FrozenStage.Should().Be(stage);
    }

    [Fact]
    public async Task R6_final_stages_take_no_further_party_action()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Closed);

        var appeal = await host.RunAsync(host.SellerAppeal());
        var submit = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Please start again."));

        appeal.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage).PermittedActions.Should().BeEmpty();
        submit.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);
        (await host.FlowAsync()).Stage.Should().Be(Stage.Closed);
    }

    // ---------------------------------------------------------------- R7

    [Theory]
    [InlineData(Stage.AwaitingRequest, OrderStatus.Processing)]
    [InlineData(Stage.RequestSubmitted, OrderStatus.Processing)]
    [InlineData(Stage.RequestReturned, OrderStatus.Processing)]
    [InlineData(Stage.InService, OrderStatus.Processing)]
    [InlineData(Stage.Delivered, OrderStatus.Processing)]
    [InlineData(Stage.DeliveryRejected, OrderStatus.Processing)]
    [InlineData(Stage.Accepted, OrderStatus.Processing)]
    [InlineData(Stage.Completed, OrderStatus.Completed)]
    [InlineData(Stage.Closed, OrderStatus.Closed)]
    public async Task R7_order_status_is_derived_from_the_stage(Stage stage, OrderStatus expected)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);

        var view = await host.ViewAsync(TestHost.Buyer);

        view.Status.Should().Be(expected);
        (await host.FlowAsync()).Status.Should().Be(expected);
    }

    [Fact]
    public async Task R7_a_frozen_flow_is_still_Processing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();

        (await host.ViewAsync(TestHost.Manager)).Status.Should().Be(OrderStatus.Processing);
    }

    [Fact]
    public async Task R7_an_appeal_completed_flow_is_Completed_and_a_closed_one_is_Closed()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered, "ORD-C");
        await host.SellerAppealAsync("ORD-C");
        await host.DecideAsync(AppealOutcome.Complete, orderNumber: "ORD-C");
        await host.FlowInStageAsync(Stage.InService, "ORD-X");
        await host.SellerAppealAsync("ORD-X");
        await host.DecideAsync(AppealOutcome.Close, orderNumber: "ORD-X");

        (await host.ViewAsync(TestHost.Buyer, "ORD-C")).Status.Should().Be(OrderStatus.Completed);
        (await host.ViewAsync(TestHost.Buyer, "ORD-X")).Status.Should().Be(OrderStatus.Closed);
    }
}
