using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>R26 to R29: operation records, refusals, views and search.</summary>
public class RecordsAndViewRuleTests
{
    // ---------------------------------------------------------------- R26

    [Fact]
    public async Task R26_every_accepted_action_appends_one_record_in_sequence_with_stage_before_and_after()
    {
        var host = new TestHost();
        await host.CreateAsync();
        await host.SubmitAsync();
        host.Clock.Advance(Duration.FromMinutes(10));
        await host.ReturnRequestAsync();
        host.Clock.Advance(Duration.FromMinutes(10));
        await host.SubmitAsync();
        await host.AcceptRequestAsync();
        await host.MustAsync(host.Reminder());
        await host.MustAsync(host.Progress(text: "Halfway."));
        await host.DeliverAsync();
        await host.AcceptDeliveryAsync();
        var acceptedAt = host.Clock.GetCurrentInstant();
        host.Clock.Advance(Duration.FromHours(3));
        await host.Supervisor.ApplyDueTimersAsync();

        var records = (await host.ViewAsync(TestHost.Buyer)).Records;

        records.Select(r => r.Sequence).Should().Equal(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        records.Select(r => (r.Action, r.StageBefore, r.StageAfter)).Should().Equal(
            (SupervisionAction.CreateFlow, Stage.AwaitingRequest, Stage.AwaitingRequest),
            (SupervisionAction.SubmitRequest, Stage.AwaitingRequest, Stage.RequestSubmitted),
            (SupervisionAction.ReturnRequest, Stage.RequestSubmitted, Stage.RequestReturned),
            (SupervisionAction.SubmitRequest, Stage.RequestReturned, Stage.RequestSubmitted),
            (SupervisionAction.AcceptRequest, Stage.RequestSubmitted, Stage.InService),
            (SupervisionAction.SendReminder, Stage.InService, Stage.InService),
            (SupervisionAction.PostProgressUpdate, Stage.InService, Stage.InService),
            (SupervisionAction.Deliver, Stage.InService, Stage.Delivered),
            (SupervisionAction.AcceptDelivery, Stage.Delivered, Stage.Accepted),
            (SupervisionAction.CompleteOnSchedule, Stage.Accepted, Stage.Completed));
        records.Select(r => r.ActorRole).Should().Equal(
            ActorRole.System, ActorRole.Buyer, ActorRole.Seller, ActorRole.Buyer, ActorRole.Seller,
            ActorRole.Buyer, ActorRole.Seller, ActorRole.Seller, ActorRole.Buyer, ActorRole.System);
        records[2].ActorId.Should().Be(TestHost.Seller.Id);
        records[2].Text.Should().Be("Missing the target version.");
        records[2].At.Should().Be(TestHost.Start + Duration.FromMinutes(10));
        records[6].Text.Should().Be("Halfway.");
        records[7].References.Should().Equal(TestHost.Sow, TestHost.AcceptanceDoc);
        records[9].At.Should().Be(acceptedAt + Duration.FromHours(3));
        records.Select(r => r.At).Should().BeInAscendingOrder();
        records.Skip(1).Take(8).Should().OnlyContain(r => r.CommandId != null);
    }

    [Fact]
    public async Task R26_records_are_never_changed_or_removed_and_always_read_in_order()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var earlier = await host.RecordsAsync();

        await host.RejectDeliveryAsync();
        await host.SellerAppealAsync();
        await host.DecideAsync(AppealOutcome.ReturnTo, Stage.InService);
        var later = await host.RecordsAsync();

        later.Should().HaveCount(earlier.Count + 3);
        later.Take(earlier.Count).Should().Equal(earlier);
        later.Select(r => r.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        later.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, later.Count).Select(i => (long)i));
    }

    [Fact]
    public async Task R26_an_appeal_decision_record_carries_the_decision_and_outcome()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();

        await host.MustAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "Buyer unreachable for 3 weeks; completing.", AppealOutcome.Complete));

        var record = (await host.RecordsAsync())[^1];
        record.Action.Should().Be(SupervisionAction.DecideAppeal);
        record.ActorId.Should().Be(TestHost.Manager.Id);
        record.ActorRole.Should().Be(ActorRole.OperationsManager);
        record.StageBefore.Should().Be(Stage.Delivered);
        record.StageAfter.Should().Be(Stage.Completed);
        record.Text.Should().Be("Buyer unreachable for 3 weeks; completing.");
        record.Fields.Should().Contain(DecideAppeal.OutcomeField, nameof(AppealOutcome.Complete));
    }

    // ---------------------------------------------------------------- R27

    [Fact]
    public async Task R27_an_unknown_order_is_NotFound()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var before = await host.SnapshotAsync();

        var command = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-404", TestHost.Buyer, "Hello?"));
        var view = await host.Supervisor.GetViewAsync("ORD-404", TestHost.Manager);

        command.ShouldBeRefused(SupervisionErrorCode.NotFound);
        view.ShouldBeRefused(SupervisionErrorCode.NotFound);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R27_a_Forbidden_refusal_changes_nothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new RejectDelivery(host.NextCommandId(), "ORD-1", TestHost.OtherBuyer, "Not mine but I reject."));

        result.ShouldBeRefused(SupervisionErrorCode.Forbidden);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R27_a_NotPermittedInStage_refusal_lists_the_permitted_actions_and_changes_nothing()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", TestHost.Buyer));

        var error = result.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);
        error.PermittedActions.Should().Equal(SupervisionAction.SubmitRequest);
        error.Stage.Should().Be(Stage.AwaitingRequest);
        error.Message.Should().Contain(nameof(SupervisionAction.SubmitRequest));
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R27_a_ConditionNotMet_refusal_gives_each_distance_and_changes_nothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(1));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(host.BuyerAppeal());

        var error = result.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        error.Conditions.Should().HaveCount(3);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R27_a_Frozen_refusal_changes_nothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(host.Progress());

        result.ShouldBeRefused(SupervisionErrorCode.Frozen);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R27_a_Validation_refusal_names_each_field_and_changes_nothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, null!, null!, Note: new string('n', 10_001)));

        var error = result.ShouldBeRefused(SupervisionErrorCode.Validation);
        error.Fields.Select(f => f.Field).Should().Contain([nameof(Deliver.StatementOfWork), nameof(Deliver.AcceptanceDocument), nameof(Deliver.Note)]);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R27_a_Conflict_refusal_for_a_reused_command_id_changes_nothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.MustAsync(new PostProgressUpdate("cmd-fixed", "ORD-1", TestHost.Seller, "Day one."));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("cmd-fixed", "ORD-1", TestHost.Seller, "Day two."));

        result.ShouldBeRefused(SupervisionErrorCode.Conflict).Reason.Should().Be("CommandIdReused");
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R27_error_codes_are_stable()
    {
        ((int)SupervisionErrorCode.NotFound).Should().Be(1);
        ((int)SupervisionErrorCode.Forbidden).Should().Be(2);
        ((int)SupervisionErrorCode.NotPermittedInStage).Should().Be(3);
        ((int)SupervisionErrorCode.ConditionNotMet).Should().Be(4);
        ((int)SupervisionErrorCode.Frozen).Should().Be(5);
        ((int)SupervisionErrorCode.Validation).Should().Be(6);
        ((int)SupervisionErrorCode.Conflict).Should().Be(7);

        var host = new TestHost();
        var error = (await host.RunAsync(host.Progress("ORD-none"))).ShouldBeRefused(SupervisionErrorCode.NotFound);
        error.ToString().Should().StartWith("NotFound");
    }

    // ---------------------------------------------------------------- R28

    [Fact]
    public async Task R28_the_view_shows_stage_status_counts_waiting_party_idle_time_stall_and_records()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestReturned);
        await host.SubmitAsync();
        await host.AcceptRequestAsync();
        await host.DeliverAsync();
        await host.RejectDeliveryAsync();
        host.Clock.Advance(Duration.FromDays(5) + Duration.FromHours(1));

        var view = await host.ViewAsync(TestHost.Buyer);

        view.Stage.Should().Be(Stage.DeliveryRejected);
        view.Status.Should().Be(OrderStatus.Processing);
        view.RequestRejections.Should().Be(1);
        view.DeliveryRejections.Should().Be(1);
        view.WaitingOn.Should().Be(Party.Seller);
        view.IdleFor.Should().Be(Duration.FromDays(5) + Duration.FromHours(1));
        view.IsStalled.Should().BeTrue();
        view.CompletionDueAt.Should().BeNull();
        view.Appeal.Should().BeNull();
        view.Records.Should().HaveCount(8, "seven actions, and the stall recorded by the system (R26)");
        view.Records[^1].Action.Should().Be(SupervisionAction.FlagStall);
        view.Records[^1].ActorRole.Should().Be(ActorRole.System);
        view.AsOf.Should().Be(host.Clock.GetCurrentInstant());
        view.Viewer.Should().Be(TestHost.Buyer);
        view.AppealConditions.Single(c => c.Condition == "SellerStalled").Holds.Should().BeTrue();
    }

    [Fact]
    public async Task R28_the_view_shows_when_completion_is_due_and_the_open_appeal()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var acceptedAt = host.Clock.GetCurrentInstant();
        await host.AcceptDeliveryAsync();

        var accepted = await host.ViewAsync(TestHost.Seller);
        accepted.CompletionDueAt.Should().Be(acceptedAt + Duration.FromHours(3));
        accepted.WaitingOn.Should().Be(Party.Nobody);

        await host.SellerAppealAsync();
        var frozen = await host.ViewAsync(TestHost.Manager);
        frozen.Appeal.Should().NotBeNull();
        frozen.Appeal!.FrozenStage.Should().Be(Stage.Accepted);
        frozen.IsFrozen.Should().BeTrue();
    }

    public static TheoryData<Stage, SupervisionAction[], SupervisionAction[]> PermittedByStage() => new()
    {
        { Stage.AwaitingRequest, [SupervisionAction.SubmitRequest], [SupervisionAction.OpenAppeal] },
        { Stage.RequestSubmitted, [SupervisionAction.SendReminder], [SupervisionAction.AcceptRequest, SupervisionAction.ReturnRequest, SupervisionAction.OpenAppeal] },
        { Stage.RequestReturned, [SupervisionAction.SubmitRequest], [SupervisionAction.OpenAppeal] },
        { Stage.InService, [SupervisionAction.SendReminder], [SupervisionAction.PostProgressUpdate, SupervisionAction.Deliver, SupervisionAction.OpenAppeal] },
        { Stage.Delivered, [SupervisionAction.AcceptDelivery, SupervisionAction.RejectDelivery], [SupervisionAction.OpenAppeal] },
        { Stage.DeliveryRejected, [SupervisionAction.SendReminder], [SupervisionAction.PostProgressUpdate, SupervisionAction.Deliver, SupervisionAction.OpenAppeal] },
        { Stage.Accepted, [], [SupervisionAction.OpenAppeal] },
        { Stage.Completed, [], [] },
        { Stage.Closed, [], [] },
    };

    [Theory]
    [MemberData(nameof(PermittedByStage))]
    public async Task R28_the_view_lists_the_actions_each_actor_may_take_now(Stage stage, SupervisionAction[] buyer, SupervisionAction[] seller)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);

        var buyerView = await host.ViewAsync(TestHost.Buyer);
        var sellerView = await host.ViewAsync(TestHost.Seller);
        var managerView = await host.ViewAsync(TestHost.Manager);

        buyerView.PermittedActions.Should().Equal(buyer);
        sellerView.PermittedActions.Should().Equal(seller);
        managerView.PermittedActions.Should().BeEmpty("an operations manager acts only on open appeals");
        (await host.Supervisor.GetPermittedActionsAsync("ORD-1", TestHost.Buyer)).ShouldSucceed().Should().Equal(buyer);
        (await host.Supervisor.GetPermittedActionsAsync("ORD-1", TestHost.Seller)).ShouldSucceed().Should().Equal(seller);
    }

    [Fact]
    public async Task R28_a_frozen_flow_permits_only_the_managers_decision()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();

        (await host.ViewAsync(TestHost.Buyer)).PermittedActions.Should().BeEmpty();
        (await host.ViewAsync(TestHost.Seller)).PermittedActions.Should().BeEmpty();
        (await host.ViewAsync(TestHost.Manager)).PermittedActions.Should().Equal(SupervisionAction.DecideAppeal);
    }

    [Fact]
    public async Task R28_the_buttons_follow_the_guards_the_buyer_sees_OpenAppeal_only_once_the_seller_stalled()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.MustAsync(host.Reminder());

        host.Clock.Advance(Duration.FromDays(5));
        (await host.ViewAsync(TestHost.Buyer)).PermittedActions.Should().Equal(SupervisionAction.SendReminder);

        host.Clock.Advance(Duration.FromTicks(1));
        (await host.ViewAsync(TestHost.Buyer)).PermittedActions.Should().Equal(SupervisionAction.SendReminder, SupervisionAction.OpenAppeal);
    }

    // ---------------------------------------------------------------- R29

    /// <summary>
    /// Five flows, placed ten minutes apart:
    /// S1 buyer-1/seller-1/prod-A AwaitingRequest; S2 buyer-1/seller-1/prod-B RequestSubmitted;
    /// S3 buyer-2/seller-1/prod-A InService; S4 buyer-2/seller-2/prod-B Closed;
    /// S5 buyer-1/seller-2/prod-A InService under appeal.
    /// </summary>
    private static async Task<TestHost> SeedAsync()
    {
        var host = new TestHost();
        NewServiceFlow Order(int i, Actor buyer, Actor seller, string product, ProductKind kind) => TestHost.Order("S" + i, kind, TestHost.Start - Duration.FromMinutes(60 - (10 * i))) with
        {
            BuyerId = buyer.Id,
            SellerId = seller.Id,
            ProductId = product,
        };

        await host.CreateAsync(Order(1, TestHost.Buyer, TestHost.Seller, "prod-A", ProductKind.ProfessionalService));
        await host.CreateAsync(Order(2, TestHost.Buyer, TestHost.Seller, "prod-B", ProductKind.ProfessionalService));
        await host.SubmitAsync("S2");
        await host.CreateAsync(Order(3, TestHost.OtherBuyer, TestHost.Seller, "prod-A", ProductKind.License));
        await host.CreateAsync(Order(4, TestHost.OtherBuyer, TestHost.OtherSeller, "prod-B", ProductKind.License));
        await host.MustAsync(new OpenAppeal(host.NextCommandId(), "S4", TestHost.OtherSeller, "Refund agreed with the buyer."));
        await host.DecideAsync(AppealOutcome.Close, orderNumber: "S4");
        await host.CreateAsync(Order(5, TestHost.Buyer, TestHost.OtherSeller, "prod-A", ProductKind.License));
        await host.MustAsync(new OpenAppeal(host.NextCommandId(), "S5", TestHost.OtherSeller, "The buyer blocks the installation."));
        return host;
    }

    private static async Task<List<string>> FindAsync(TestHost host, FlowQuery query, Actor? viewer = null) =>
        (await host.Supervisor.SearchAsync(query, viewer ?? TestHost.Manager)).ShouldSucceed().Items.Select(i => i.OrderNumber).ToList();

    [Fact]
    public async Task R29_search_by_buyer()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery { BuyerId = "buyer-1" })).Should().Equal("S1", "S2", "S5");
        (await FindAsync(host, new FlowQuery { BuyerId = "buyer-2" })).Should().Equal("S3", "S4");
    }

    [Fact]
    public async Task R29_search_by_seller()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery { SellerId = "seller-1" })).Should().Equal("S1", "S2", "S3");
        (await FindAsync(host, new FlowQuery { SellerId = "seller-2" })).Should().Equal("S4", "S5");
    }

    [Fact]
    public async Task R29_search_by_product()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery { ProductId = "prod-A" })).Should().Equal("S1", "S3", "S5");
    }

    [Fact]
    public async Task R29_search_by_stage()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery { Stage = Stage.InService })).Should().Equal("S3", "S5");
        (await FindAsync(host, new FlowQuery { Stage = Stage.RequestSubmitted })).Should().Equal("S2");
    }

    [Fact]
    public async Task R29_search_by_order_status()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery { Status = OrderStatus.Closed })).Should().Equal("S4");
        (await FindAsync(host, new FlowQuery { Status = OrderStatus.Processing })).Should().Equal("S1", "S2", "S3", "S5");
        (await FindAsync(host, new FlowQuery { Status = OrderStatus.Completed })).Should().BeEmpty();
    }

    [Fact]
    public async Task R29_search_by_placement_range()
    {
        var host = await SeedAsync();

        var query = new FlowQuery { PlacedFrom = TestHost.Start - Duration.FromMinutes(40), PlacedBefore = TestHost.Start - Duration.FromMinutes(20) };

        (await FindAsync(host, query)).Should().Equal("S2", "S3");
    }

    [Fact]
    public async Task R29_search_by_stalled()
    {
        var host = await SeedAsync();
        host.Clock.Advance(Duration.FromDays(5) + Duration.FromTicks(1));
        await host.MustAsync(host.Progress("S3")); // the seller of S3 acts: no longer stalled

        (await FindAsync(host, new FlowQuery { Stalled = true })).Should().Equal("S1", "S2");
        (await FindAsync(host, new FlowQuery { Stalled = false })).Should().Equal("S3", "S4", "S5");
    }

    [Fact]
    public async Task R29_search_by_under_appeal()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery { UnderAppeal = true })).Should().Equal("S5");
        (await FindAsync(host, new FlowQuery { UnderAppeal = false })).Should().Equal("S1", "S2", "S3", "S4");
    }

    [Fact]
    public async Task R29_search_by_waiting_on_this_actor()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery { WaitingOn = TestHost.Buyer })).Should().Equal("S1");
        (await FindAsync(host, new FlowQuery { WaitingOn = TestHost.Seller })).Should().Equal("S2", "S3");
        (await FindAsync(host, new FlowQuery { WaitingOn = TestHost.Seller }, TestHost.Seller)).Should().Equal("S2", "S3");
        (await FindAsync(host, new FlowQuery { WaitingOn = TestHost.OtherBuyer })).Should().BeEmpty();
    }

    [Fact]
    public async Task R29_criteria_combine()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery { SellerId = "seller-1", ProductId = "prod-A", Stage = Stage.InService })).Should().Equal("S3");
    }

    [Fact]
    public async Task R29_paging_is_in_a_stable_order()
    {
        var host = await SeedAsync();
        var seen = new List<string>();
        var pages = 0;
        FlowCursor? after = null;

        do
        {
            var page = (await host.Supervisor.SearchAsync(new FlowQuery { PageSize = 2, After = after }, TestHost.Manager)).ShouldSucceed();
            page.Items.Count.Should().BeLessThanOrEqualTo(2);
            seen.AddRange(page.Items.Select(i => i.OrderNumber));
            after = page.Next;
            pages++;
            pages.Should().BeLessThan(10, "paging must end");
        }
        while (after is not null);

        pages.Should().Be(3);
        seen.Should().Equal("S1", "S2", "S3", "S4", "S5");
    }

    [Fact]
    public async Task R29_paging_gives_the_same_pages_when_repeated()
    {
        var host = await SeedAsync();

        var first = (await host.Supervisor.SearchAsync(new FlowQuery { PageSize = 2 }, TestHost.Manager)).ShouldSucceed();
        var second = (await host.Supervisor.SearchAsync(new FlowQuery { PageSize = 2, After = first.Next }, TestHost.Manager)).ShouldSucceed();
        var again = (await host.Supervisor.SearchAsync(new FlowQuery { PageSize = 2, After = first.Next }, TestHost.Manager)).ShouldSucceed();
        var last = (await host.Supervisor.SearchAsync(new FlowQuery { PageSize = 2, After = second.Next }, TestHost.Manager)).ShouldSucceed();

        first.Items.Select(i => i.OrderNumber).Should().Equal("S1", "S2");
        first.Next.Should().Be(new FlowCursor(TestHost.Start - Duration.FromMinutes(40), "S2"));
        second.Items.Select(i => i.OrderNumber).Should().Equal("S3", "S4");
        again.Items.Should().Equal(second.Items);
        last.Items.Select(i => i.OrderNumber).Should().Equal("S5");
        last.Next.Should().BeNull();
    }

    [Fact]
    public async Task R29_a_buyer_finds_only_its_own_flows()
    {
        var host = await SeedAsync();

        (await FindAsync(host, new FlowQuery(), TestHost.Buyer)).Should().Equal("S1", "S2", "S5");
        (await FindAsync(host, new FlowQuery { ProductId = "prod-A" }, TestHost.OtherBuyer)).Should().Equal("S3");
        (await FindAsync(host, new FlowQuery(), TestHost.OtherSeller)).Should().Equal("S4", "S5");

        var foreign = await host.Supervisor.SearchAsync(new FlowQuery { BuyerId = "buyer-2" }, TestHost.Buyer);
        foreign.ShouldBeRefused(SupervisionErrorCode.Forbidden);
    }

    [Fact]
    public async Task R29_a_buyer_pages_through_its_own_flows_only()
    {
        var host = await SeedAsync();

        var first = (await host.Supervisor.SearchAsync(new FlowQuery { PageSize = 2 }, TestHost.Buyer)).ShouldSucceed();
        var second = (await host.Supervisor.SearchAsync(new FlowQuery { PageSize = 2, After = first.Next }, TestHost.Buyer)).ShouldSucceed();

        first.Items.Select(i => i.OrderNumber).Should().Equal("S1", "S2");
        second.Items.Select(i => i.OrderNumber).Should().Equal("S5");
        second.Next.Should().BeNull();
        first.Items.Concat(second.Items).Should().OnlyContain(i => i.BuyerId == TestHost.Buyer.Id);
    }

    [Fact]
    public async Task R29_the_summary_describes_each_flow()
    {
        var host = await SeedAsync();

        var s5 = (await host.Supervisor.SearchAsync(new FlowQuery { UnderAppeal = true }, TestHost.Manager)).ShouldSucceed().Items.Single();

        s5.OrderNumber.Should().Be("S5");
        s5.BuyerId.Should().Be("buyer-1");
        s5.SellerId.Should().Be("seller-2");
        s5.ProductId.Should().Be("prod-A");
        s5.Stage.Should().Be(Stage.InService);
        s5.Status.Should().Be(OrderStatus.Processing);
        s5.UnderAppeal.Should().BeTrue();
        s5.IsStalled.Should().BeFalse();
    }
}
