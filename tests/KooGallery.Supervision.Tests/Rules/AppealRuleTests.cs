using KooGallery.Supervision.FluentAssertions;
using KooGallery.Supervision.Testing;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>R20 to R25: appeals, the freeze, the conditions, decisions and the decision deadline.</summary>
public class AppealRuleTests
{
    private static readonly Duration Tick = Duration.FromTicks(1);

    public static TheoryData<string> FrozenPartyActions() =>
    [
        "BuyerReminder", "BuyerSecondAppeal", "SellerSecondAppeal", "SellerProgress", "SellerDeliver",
    ];

    private static OpenAppeal BuyerAppeal(SupervisionTestHost host) =>
        new(host.NextCommandId(), "ORD-1", host.Buyer, "The seller does not answer.");

    private static SupervisionCommand PartyAction(TestHost host, string name) => name switch
    {
        "BuyerReminder" => host.Reminder(),
        "BuyerSecondAppeal" => host.BuyerAppeal(),
        "SellerSecondAppeal" => host.SellerAppeal(),
        "SellerProgress" => host.Progress(),
        "SellerDeliver" => new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    // ---------------------------------------------------------------- R20

    [Theory]
    [MemberData(nameof(FrozenPartyActions))]
    public async Task R20_every_party_action_while_frozen_is_refused_with_Frozen_and_changes_nothing(string action)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(6)); // the seller has stalled: the buyer's appeal holds
        await host.BuyerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(PartyAction(host, action));

        var error = result.ShouldBeRefused(SupervisionErrorCode.Frozen);
        error.Message.Should().ContainEquivalentOf("appeal");
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R20_a_buyer_action_on_a_frozen_delivered_flow_is_refused_with_Frozen()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var accept = await host.RunAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", TestHost.Buyer));
        var reject = await host.RunAsync(new RejectDelivery(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Not good."));

        accept.ShouldBeRefused(SupervisionErrorCode.Frozen);
        reject.ShouldBeRefused(SupervisionErrorCode.Frozen);
        (await host.SnapshotAsync()).Should().Be(before);
        (await host.FlowAsync()).DeliveryRejections.Should().Be(0);
    }

    [Fact]
    public async Task R20_the_idle_clock_does_not_run_while_frozen()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(2));
        await host.SellerAppealAsync();

        host.Clock.Advance(Duration.FromDays(10));
        await host.Supervisor.ApplyDueTimersAsync();

        var view = await host.ViewAsync(TestHost.Buyer);
        view.IsFrozen.Should().BeTrue();
        view.IdleFor.Should().Be(Duration.Zero);
        view.IsStalled.Should().BeFalse();
        host.EventsOf(SupervisionEventKind.Stalled).Should().BeEmpty();
    }

    [Fact]
    public async Task R20_a_freeze_in_Accepted_keeps_the_remaining_completion_time()
    {
        // On the harness (KooGallery.Supervision.Testing) and its assertions.
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.Accepted);
        host.Advance(Duration.FromHours(1));
        (await host.ExecuteAsync(new OpenAppeal(host.NextCommandId(), "ORD-1", host.Seller, "The buyer does not accept a complete delivery."))).Should().Succeed();
        (await host.ViewAsync("ORD-1", host.OperationsManager)).CompletionDueAt.Should().BeNull("the completion is paused");

        host.Advance(Duration.FromDays(10));
        await host.SweepAsync();
        (await host.ViewAsync("ORD-1", host.OperationsManager)).Should().BeIn(Stage.Accepted, "a frozen flow does not complete");

        (await host.ExecuteAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", host.OperationsManager, "Decided after review.", AppealOutcome.Resume))).Should().Succeed();
        var resumedAt = host.Now;

        var resumed = await host.ViewAsync("ORD-1", host.OperationsManager);
        resumed.Should().BeIn(Stage.Accepted);
        resumed.CompletionDueAt.Should().Be(resumedAt + Duration.FromHours(2));

        host.Advance(Duration.FromHours(2) - Tick);
        await host.SweepAsync();
        (await host.ViewAsync("ORD-1", host.Buyer)).Should().BeIn(Stage.Accepted, "not before the remaining two hours");

        host.Advance(Tick);
        await host.SweepAsync();

        var flow = await host.FlowAsync("ORD-1");
        flow.Stage.Should().Be(Stage.Completed);
        flow.CompletedAt.Should().Be(resumedAt + Duration.FromHours(2));
    }

    // ---------------------------------------------------------------- R21

    [Fact]
    public async Task R21_a_refused_buyer_appeal_says_how_far_each_condition_is()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestReturned);
        await host.SubmitAsync(); // waits on the seller again, one request rejection
        host.Clock.Advance(Duration.FromDays(2) + Duration.FromHours(4));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(host.BuyerAppeal());

        var error = result.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        error.Message.Should().Contain("seller idle 2 days 4 hours of 5 days; request rejections 1 of 3; delivery rejections 0 of 3");
        error.Conditions.Select(c => c.Condition).Should().Equal("SellerStalled", "RequestRejections", "DeliveryRejections");
        error.Conditions.Should().OnlyContain(c => !c.Holds);
        var stall = error.Conditions[0];
        stall.Elapsed.Should().Be(Duration.FromDays(2) + Duration.FromHours(4));
        stall.Required.Should().Be(Duration.FromDays(5));
        stall.Description.Should().Be("seller idle 2 days 4 hours of 5 days");
        error.Conditions[1].Count.Should().Be(1);
        error.Conditions[1].RequiredCount.Should().Be(3);
        error.Conditions[1].Description.Should().Be("request rejections 1 of 3");
        error.Conditions[2].Count.Should().Be(0);
        error.Conditions[2].RequiredCount.Should().Be(3);
        error.Conditions[2].Description.Should().Be("delivery rejections 0 of 3");
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R21_the_buyer_may_appeal_once_the_seller_has_stalled()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        host.Clock.Advance(Duration.FromDays(5) + Tick);

        var outcome = await host.RunAsync(host.BuyerAppeal());

        outcome.ShouldSucceed();
        (await host.FlowAsync()).IsFrozen.Should().BeTrue();
    }

    [Fact]
    public async Task R21_the_buyer_may_appeal_once_the_request_was_rejected_three_times()
    {
        // On the harness (KooGallery.Supervision.Testing) and its assertions.
        var host = new SupervisionTestHost();
        var order = host.NewFlow("ORD-1");
        await order.WithRequestRejections(2).DriveToAsync(Stage.RequestReturned);
        (await host.ExecuteAsync(BuyerAppeal(host))).Should().BeRefusedWith(SupervisionErrorCode.ConditionNotMet)
            .Which!.Message.Should().NotBeNullOrWhiteSpace();
        await order.WithRequestRejections(3).DriveToAsync(Stage.RequestReturned);

        var outcome = await host.ExecuteAsync(BuyerAppeal(host));

        outcome.Should().Succeed().Which.StageAfter.Should().Be(Stage.RequestReturned);
        (await host.FlowAsync("ORD-1")).RequestRejections.Should().Be(3);
    }

    [Fact]
    public async Task R21_the_buyer_may_appeal_once_the_delivery_was_rejected_three_times()
    {
        // On the harness (KooGallery.Supervision.Testing) and its assertions.
        var host = new SupervisionTestHost();
        var order = host.NewFlow("ORD-1");
        await order.WithDeliveryRejections(2).DriveToAsync(Stage.Delivered);
        var twice = await host.ExecuteAsync(BuyerAppeal(host));
        var refusal = twice.Should().BeRefusedWith(SupervisionErrorCode.ConditionNotMet).Which!;
        refusal.Message.Should().NotBeNullOrWhiteSpace();
        refusal.Conditions.Single(c => c.Condition == "DeliveryRejections").Count.Should().Be(2);
        await order.WithDeliveryRejections(3).DriveToAsync(Stage.DeliveryRejected);

        var outcome = await host.ExecuteAsync(BuyerAppeal(host));

        outcome.Should().Succeed();
        (await host.FlowAsync("ORD-1")).Appeal!.FrozenStage.Should().Be(Stage.DeliveryRejected);
    }

    [Fact]
    public async Task R21_the_numbers_are_policy()
    {
        var policy = new SupervisionPolicy { RequestRejectionsForAppeal = 1, StallAfter = Duration.FromDays(1) };
        var host = new TestHost(policy);
        await host.FlowInStageAsync(Stage.RequestReturned, "ORD-A");
        await host.FlowInStageAsync(Stage.InService, "ORD-B");
        host.Clock.Advance(Duration.FromDays(1) + Tick);

        (await host.RunAsync(host.BuyerAppeal("ORD-A"))).ShouldSucceed();
        (await host.RunAsync(host.BuyerAppeal("ORD-B"))).ShouldSucceed();
    }

    [Fact]
    public async Task R21_a_stalled_buyer_does_not_let_the_buyer_appeal()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        host.Clock.Advance(Duration.FromDays(8));

        var result = await host.RunAsync(host.BuyerAppeal());

        result.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet).Conditions.Single(c => c.Condition == "SellerStalled").Holds.Should().BeFalse();
    }

    // ---------------------------------------------------------------- R22

    [Theory]
    [InlineData(Stage.AwaitingRequest)]
    [InlineData(Stage.RequestSubmitted)]
    [InlineData(Stage.RequestReturned)]
    [InlineData(Stage.InService)]
    [InlineData(Stage.Delivered)]
    [InlineData(Stage.DeliveryRejected)]
    [InlineData(Stage.Accepted)]
    public async Task R22_the_seller_may_appeal_at_any_time_while_the_flow_is_not_final(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);

        var outcome = await host.RunAsync(host.SellerAppeal());

        outcome.ShouldSucceed().StageAfter.Should().Be(stage);
        (await host.FlowAsync()).Appeal!.OpenedBy.Should().Be(TestHost.Seller);
    }

    [Theory]
    [InlineData(Stage.Completed)]
    [InlineData(Stage.Closed)]
    public async Task R22_the_seller_may_not_appeal_a_final_flow(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(host.SellerAppeal());

        result.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R22_a_mirror_policy_refuses_a_seller_appeal_without_a_condition()
    {
        var host = new TestHost(new SupervisionPolicy { SellerAppeal = SellerAppealRule.MirrorBuyerConditions });
        await host.FlowInStageAsync(Stage.Delivered);
        host.Clock.Advance(Duration.FromDays(1));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(host.SellerAppeal());

        var error = result.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        error.Conditions.Select(c => c.Condition).Should().Equal("BuyerStalled", "RequestRejections", "DeliveryRejections");
        error.Message.Should().Contain("buyer idle 1 day of 5 days");
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R22_a_mirror_policy_lets_the_seller_appeal_once_the_buyer_has_stalled()
    {
        var host = new TestHost(new SupervisionPolicy { SellerAppeal = SellerAppealRule.MirrorBuyerConditions });
        await host.FlowInStageAsync(Stage.Delivered);

        host.Clock.Advance(Duration.FromDays(5));
        (await host.RunAsync(host.SellerAppeal())).ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        host.Clock.Advance(Tick);

        (await host.RunAsync(host.SellerAppeal())).ShouldSucceed();
    }

    [Fact]
    public async Task R22_a_mirror_policy_lets_the_seller_appeal_once_a_count_has_reached_three()
    {
        var host = new TestHost(new SupervisionPolicy { SellerAppeal = SellerAppealRule.MirrorBuyerConditions });
        await host.FlowInStageAsync(Stage.DeliveryRejected);
        await host.DeliverAsync();
        await host.RejectDeliveryAsync();
        await host.DeliverAsync();
        await host.RejectDeliveryAsync();

        (await host.RunAsync(host.SellerAppeal())).ShouldSucceed();
    }

    // ---------------------------------------------------------------- R23

    [Fact]
    public async Task R23_the_flow_records_who_opened_the_appeal_when_why_and_the_frozen_stage()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        host.Clock.Advance(Duration.FromHours(30));
        var at = host.Clock.GetCurrentInstant();
        var chat = new ProofReference("Chat log", "https://files.example/chat.txt");

        await host.MustAsync(new OpenAppeal(host.NextCommandId(), "ORD-1", TestHost.Seller, "The buyer ignores a complete delivery.", [chat]));

        var appeal = (await host.ViewAsync(TestHost.Manager)).Appeal;
        appeal.Should().NotBeNull();
        appeal!.OpenedBy.Should().Be(TestHost.Seller);
        appeal.OpenedAt.Should().Be(at);
        appeal.Reason.Should().Be("The buyer ignores a complete delivery.");
        appeal.Proofs.Should().Equal(chat);
        appeal.FrozenStage.Should().Be(Stage.Delivered);
        var record = (await host.RecordsAsync())[^1];
        record.Action.Should().Be(SupervisionAction.OpenAppeal);
        record.Text.Should().Be("The buyer ignores a complete delivery.");
        record.References.Should().Equal(chat);
        host.EventsOf(SupervisionEventKind.AppealOpened).Should().ContainSingle();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task R23_an_appeal_needs_a_reason(string reason)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new OpenAppeal(host.NextCommandId(), "ORD-1", TestHost.Seller, reason));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(OpenAppeal.Reason));
        (await host.SnapshotAsync()).Should().Be(before);
    }

    // ---------------------------------------------------------------- R24

    [Fact]
    public async Task R24_a_decision_needs_written_text()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, " ", AppealOutcome.Resume));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(DecideAppeal.Decision));
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R24_a_decision_without_an_open_appeal_is_not_permitted()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "Close it.", AppealOutcome.Close));

        result.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R24_Resume_returns_to_the_frozen_stage_and_keeps_the_counts()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.DeliveryRejected);
        await host.SellerAppealAsync();

        var outcome = await host.DecideAsync(AppealOutcome.Resume);

        outcome.StageAfter.Should().Be(Stage.DeliveryRejected);
        var flow = await host.FlowAsync();
        flow.IsFrozen.Should().BeFalse();
        flow.DeliveryRejections.Should().Be(1);
        (await host.RecordsAsync())[^1].Fields.Should().Contain(DecideAppeal.OutcomeField, "Resume");
        host.EventsOf(SupervisionEventKind.AppealDecided).Should().ContainSingle();
        await host.DeliverAsync(); // the seller acts again
    }

    [Fact]
    public async Task R24_Resume_may_reset_both_rejection_counts()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestReturned);
        await host.SubmitAsync();
        await host.AcceptRequestAsync();
        await host.DeliverAsync();
        await host.RejectDeliveryAsync();
        await host.SellerAppealAsync();

        await host.DecideAsync(AppealOutcome.Resume, reset: true);

        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.DeliveryRejected);
        flow.RequestRejections.Should().Be(0);
        flow.DeliveryRejections.Should().Be(0);
    }

    [Fact]
    public async Task R24_after_Resume_the_idle_clock_starts_afresh()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(4));
        await host.SellerAppealAsync();
        host.Clock.Advance(Duration.FromDays(3));
        await host.DecideAsync(AppealOutcome.Resume);
        var resumedAt = host.Clock.GetCurrentInstant();

        host.Clock.Advance(Duration.FromDays(5));
        var view = await host.ViewAsync(TestHost.Buyer);

        view.IdleFor.Should().Be(Duration.FromDays(5));
        view.IsStalled.Should().BeFalse("the four days before the appeal do not count");
        view.WaitingSince.Should().Be(resumedAt);
    }

    [Fact]
    public async Task R24_ReturnTo_InService_sends_a_delivered_flow_back_for_rework()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();
        host.Clock.Advance(Duration.FromDays(1));

        var outcome = await host.DecideAsync(AppealOutcome.ReturnTo, returnTo: Stage.InService);

        outcome.StageBefore.Should().Be(Stage.Delivered);
        outcome.StageAfter.Should().Be(Stage.InService);
        var view = await host.ViewAsync(TestHost.Seller);
        view.IsFrozen.Should().BeFalse();
        view.WaitingOn.Should().Be(Party.Seller);
        view.IdleFor.Should().Be(Duration.Zero);
        view.PermittedActions.Should().Contain(SupervisionAction.Deliver);
        (await host.RecordsAsync())[^1].Fields.Should().Contain(DecideAppeal.ReturnToField, nameof(Stage.InService));
    }

    [Fact]
    public async Task R24_ReturnTo_before_acceptance_cancels_the_pending_completion()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Accepted);
        await host.SellerAppealAsync();

        await host.DecideAsync(AppealOutcome.ReturnTo, returnTo: Stage.InService);
        host.Clock.Advance(Duration.FromHours(4));
        await host.Supervisor.ApplyDueTimersAsync();

        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.InService);
        flow.CompletionDueAt.Should().BeNull();
    }

    [Theory]
    [InlineData(Stage.Delivered)]
    [InlineData(Stage.Accepted)]
    [InlineData(Stage.Completed)]
    public async Task R24_ReturnTo_must_name_an_earlier_stage(Stage target)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "Go there.", AppealOutcome.ReturnTo, target));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(DecideAppeal.ReturnTo));
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R24_Complete_completes_and_settles_now()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();

        var outcome = await host.DecideAsync(AppealOutcome.Complete);

        outcome.StageAfter.Should().Be(Stage.Completed);
        var flow = await host.FlowAsync();
        flow.Status.Should().Be(OrderStatus.Completed);
        flow.IsFrozen.Should().BeFalse();
        flow.CompletedAt.Should().Be(host.Clock.GetCurrentInstant());
        host.EventsOf(SupervisionEventKind.Completed).Should().ContainSingle();
    }

    [Fact]
    public async Task R24_Close_ends_the_flow_without_completion()
    {
        // On the harness (KooGallery.Supervision.Testing) and its assertions.
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").WithAppealBy(Party.Seller).DriveToAsync(Stage.InService);

        var outcome = await host.ExecuteAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", host.OperationsManager, "Decided after review.", AppealOutcome.Close));

        outcome.Should().Succeed().Which.StageAfter.Should().Be(Stage.Closed);
        var flow = await host.FlowAsync("ORD-1");
        flow.Status.Should().Be(OrderStatus.Closed);
        flow.CompletedAt.Should().BeNull();
        host.EventsOf("ORD-1").Should().ContainSingleOfKind(SupervisionEventKind.Closed);
        host.EventsOf("ORD-1").Should().NotContainOfKind(SupervisionEventKind.Completed, "a closed order is not billable");
    }

    [Fact]
    public async Task R24_a_decision_has_exactly_one_outcome_resetting_counts_only_with_Resume_or_ReturnTo()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();

        var result = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "Close and reset.", AppealOutcome.Close, ResetRejectionCounts: true));
        var returnToWithResume = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "Resume there.", AppealOutcome.Resume, Stage.InService));

        result.ShouldBeRefused(SupervisionErrorCode.Validation);
        returnToWithResume.ShouldBeRefused(SupervisionErrorCode.Validation);
        (await host.FlowAsync()).IsFrozen.Should().BeTrue();
    }

    // ---------------------------------------------------------------- R25

    private static async Task<TestHost> AppealOpenedAtAsync(Instant openedAt, SupervisionPolicy? policy = null)
    {
        var host = new TestHost(policy);
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Reset(openedAt);
        await host.SellerAppealAsync();
        return host;
    }

    [Fact]
    public async Task R25_an_appeal_opened_on_Friday_at_10_is_due_on_Wednesday_at_10()
    {
        var friday = Instant.FromUtc(2026, 3, 6, 10, 0);
        var host = await AppealOpenedAtAsync(friday, new SupervisionPolicy { TimeZone = DateTimeZone.Utc });

        var appeal = (await host.FlowAsync()).Appeal!;

        appeal.OpenedAt.Should().Be(friday);
        appeal.DecisionDueAt.Should().Be(Instant.FromUtc(2026, 3, 11, 10, 0));
    }

    [Fact]
    public async Task R25_no_overdue_event_one_tick_before_the_deadline()
    {
        var host = await AppealOpenedAtAsync(Instant.FromUtc(2026, 3, 6, 10, 0));

        host.Clock.Reset(Instant.FromUtc(2026, 3, 11, 10, 0) - Tick);
        await host.Supervisor.ApplyDueTimersAsync();
        await host.ViewAsync(TestHost.Manager);

        host.EventsOf(SupervisionEventKind.AppealOverdue).Should().BeEmpty();
    }

    [Fact]
    public async Task R25_no_overdue_event_at_the_exact_deadline_instant()
    {
        var host = await AppealOpenedAtAsync(Instant.FromUtc(2026, 3, 6, 10, 0));

        host.Clock.Reset(Instant.FromUtc(2026, 3, 11, 10, 0));
        await host.Supervisor.ApplyDueTimersAsync();

        host.EventsOf(SupervisionEventKind.AppealOverdue).Should().BeEmpty("a decision at exactly Wednesday 10:00 is still within the three working days");
    }

    [Fact]
    public async Task R25_one_overdue_event_after_the_deadline_and_the_appeal_stays_open()
    {
        var host = await AppealOpenedAtAsync(Instant.FromUtc(2026, 3, 6, 10, 0));
        var deadline = Instant.FromUtc(2026, 3, 11, 10, 0);

        host.Clock.Reset(deadline + Tick);
        await host.Supervisor.ApplyDueTimersAsync();
        await host.Supervisor.ApplyDueTimersAsync();
        host.Clock.Advance(Duration.FromDays(3));
        await host.Supervisor.ApplyDueTimersAsync();
        await host.ViewAsync(TestHost.Manager);

        var overdue = host.EventsOf(SupervisionEventKind.AppealOverdue).Should().ContainSingle().Subject;
        overdue.OccurredAt.Should().BeGreaterThanOrEqualTo(deadline);
        var flow = await host.FlowAsync();
        flow.IsFrozen.Should().BeTrue("the appeal stays open");
        flow.Stage.Should().Be(Stage.InService);
        (await host.ViewAsync(TestHost.Manager)).PermittedActions.Should().Equal(SupervisionAction.DecideAppeal);
    }

    [Fact]
    public async Task R25_an_appeal_opened_on_Saturday_counts_from_Monday_midnight_and_is_due_on_Thursday_at_midnight()
    {
        var saturday = Instant.FromUtc(2026, 3, 7, 15, 30);
        var host = await AppealOpenedAtAsync(saturday, new SupervisionPolicy { TimeZone = DateTimeZone.Utc });

        var appeal = (await host.FlowAsync()).Appeal!;

        appeal.DecisionDueAt.Should().Be(Instant.FromUtc(2026, 3, 12, 0, 0));
    }

    [Fact]
    public async Task R25_working_days_are_counted_in_the_marketplace_time_zone()
    {
        var shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var fridayTenLocal = new LocalDateTime(2026, 3, 6, 10, 0).InZoneStrictly(shanghai).ToInstant(); // 02:00 UTC
        var host = await AppealOpenedAtAsync(fridayTenLocal, new SupervisionPolicy { TimeZone = shanghai });

        var due = (await host.FlowAsync()).Appeal!.DecisionDueAt;

        due.InZone(shanghai).LocalDateTime.Should().Be(new LocalDateTime(2026, 3, 11, 10, 0));
    }

    [Fact]
    public async Task R25_the_deadline_keeps_the_local_time_of_day_across_a_daylight_saving_change()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var fridayTenLocal = new LocalDateTime(2026, 3, 27, 10, 0).InZoneStrictly(berlin).ToInstant(); // CET, 09:00 UTC
        var host = await AppealOpenedAtAsync(fridayTenLocal, new SupervisionPolicy { TimeZone = berlin });

        var due = (await host.FlowAsync()).Appeal!.DecisionDueAt;

        due.InZone(berlin).LocalDateTime.Should().Be(new LocalDateTime(2026, 4, 1, 10, 0));
        due.Should().Be(Instant.FromUtc(2026, 4, 1, 8, 0), "Wednesday 10:00 is summer time, UTC+2");
    }

    [Fact]
    public async Task R25_a_new_appeal_after_a_decision_gets_its_own_deadline_and_event()
    {
        var host = await AppealOpenedAtAsync(Instant.FromUtc(2026, 3, 6, 10, 0));
        host.Clock.Reset(Instant.FromUtc(2026, 3, 12, 10, 0));
        await host.Supervisor.ApplyDueTimersAsync();
        await host.DecideAsync(AppealOutcome.Resume);

        await host.SellerAppealAsync(); // Thursday 12 March 10:00: due Tuesday 17 March 10:00
        (await host.FlowAsync()).Appeal!.DecisionDueAt.Should().Be(Instant.FromUtc(2026, 3, 17, 10, 0));
        host.Clock.Reset(Instant.FromUtc(2026, 3, 18, 0, 0));
        await host.Supervisor.ApplyDueTimersAsync();

        host.EventsOf(SupervisionEventKind.AppealOverdue).Should().HaveCount(2);
    }

    [Fact]
    public async Task R25_a_Saturday_in_the_marketplace_time_zone_is_not_a_working_day_even_when_it_is_Friday_in_UTC()
    {
        var shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var saturdayLocal = new LocalDateTime(2026, 3, 7, 2, 0).InZoneStrictly(shanghai).ToInstant(); // Friday 18:00 UTC
        var host = await AppealOpenedAtAsync(saturdayLocal, new SupervisionPolicy { TimeZone = shanghai });

        var due = (await host.FlowAsync()).Appeal!.DecisionDueAt;

        due.InZone(shanghai).LocalDateTime.Should().Be(new LocalDateTime(2026, 3, 12, 0, 0));
    }

    // ---------------------------------------------------------------- found by mutation testing (docs/testing.md)

    [Fact]
    public async Task R22_a_policy_without_appeals_while_accepted_refuses_them_in_Accepted_only()
    {
        var policy = new SupervisionPolicy { AppealWhileAccepted = false };
        var host = new TestHost(policy);
        await host.FlowInStageAsync(Stage.Accepted, "ORD-A");
        await host.FlowInStageAsync(Stage.Delivered, "ORD-D");
        var before = await host.SnapshotAsync("ORD-A");

        var seller = await host.RunAsync(host.SellerAppeal("ORD-A"));

        var error = seller.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        error.Conditions.Should().ContainSingle().Which.Condition.Should().Be("NotWhileAccepted");
        error.Conditions[0].Holds.Should().BeFalse();
        (await host.SnapshotAsync("ORD-A")).Should().Be(before);
        var view = await host.ViewAsync(TestHost.Seller, "ORD-A");
        view.PermittedActions.Should().NotContain(SupervisionAction.OpenAppeal);
        view.AppealConditions.Should().ContainSingle().Which.Condition.Should().Be("NotWhileAccepted");
        (await host.ViewAsync(TestHost.Buyer, "ORD-A")).PermittedActions.Should().NotContain(SupervisionAction.OpenAppeal);

        (await host.RunAsync(host.SellerAppeal("ORD-D"))).ShouldSucceed("before acceptance the seller may appeal at any time");
    }

    [Fact]
    public async Task R21_a_policy_without_appeals_while_accepted_refuses_the_buyer_even_with_three_rejections()
    {
        var host = new TestHost(new SupervisionPolicy { AppealWhileAccepted = false });
        await host.FlowInStageAsync(Stage.DeliveryRejected);
        await host.DeliverAsync();
        await host.RejectDeliveryAsync();
        await host.DeliverAsync();
        await host.RejectDeliveryAsync();
        await host.DeliverAsync();
        (await host.ViewAsync(TestHost.Buyer)).PermittedActions.Should().Contain(SupervisionAction.OpenAppeal, "three rejections let the buyer appeal in Delivered");
        await host.AcceptDeliveryAsync();

        var result = await host.RunAsync(host.BuyerAppeal());

        result.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet).Conditions.Select(c => c.Condition).Should().Equal("NotWhileAccepted");
    }

    [Fact]
    public async Task R23_an_appeal_concerns_the_other_party()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered, "ORD-S");
        await host.FlowInStageAsync(Stage.InService, "ORD-B");
        host.Clock.Advance(Duration.FromDays(6));

        await host.MustAsync(host.SellerAppeal("ORD-S"));
        await host.MustAsync(host.BuyerAppeal("ORD-B"));

        host.EventsOf(SupervisionEventKind.AppealOpened, "ORD-S").Should().ContainSingle().Which.Concerns.Should().Be(Party.Buyer);
        host.EventsOf(SupervisionEventKind.AppealOpened, "ORD-B").Should().ContainSingle().Which.Concerns.Should().Be(Party.Seller);
    }

    [Fact]
    public async Task R21_a_refusal_names_each_condition_and_when_the_seller_will_have_stalled()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(2) + Duration.FromHours(4));

        var error = (await host.RunAsync(host.BuyerAppeal())).ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);

        error.Message.Should().Be("The buyer may not appeal yet; one condition must hold: seller idle 2 days 4 hours of 5 days; "
            + "request rejections 0 of 3; delivery rejections 0 of 3. The seller has stalled once idle more than 5 days: 2 days 20 hours from now.");
    }

    [Fact]
    public async Task R21_a_refusal_while_the_flow_waits_on_the_buyer_says_the_seller_cannot_stall_and_gives_no_outlook()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);

        var error = (await host.RunAsync(host.BuyerAppeal())).ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);

        error.Message.Should().Be("The buyer may not appeal yet; one condition must hold: the flow is not waiting on the seller (stage Delivered), "
            + "so the seller cannot stall; more than 5 days idle is needed; request rejections 0 of 3; delivery rejections 0 of 3.");
    }

    [Fact]
    public async Task R22_a_mirror_policy_refusal_says_when_the_buyer_will_have_stalled_in_calendar_days()
    {
        var policy = new SupervisionPolicy { SellerAppeal = SellerAppealRule.MirrorBuyerConditions, StallMeasure = StallMeasure.CalendarDays };
        var host = new TestHost(policy);
        await host.FlowInStageAsync(Stage.Delivered);
        host.Clock.Advance(Duration.FromDays(1));

        var error = (await host.RunAsync(host.SellerAppeal())).ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);

        error.Message.Should().Contain("buyer idle 1 day of 5 days (calendar days)").And.Contain(" The buyer has stalled once idle more than 5 whole calendar days: ");
    }

    [Fact]
    public async Task R21_a_refusal_in_calendar_days_past_the_threshold_in_hours_says_the_days_are_whole()
    {
        // Before: "seller idle 5 days 13 hours of 5 days (calendar days) (not yet stalled: that takes more than 5 days)".
        var policy = new SupervisionPolicy { StallMeasure = StallMeasure.CalendarDays };
        var host = new TestHost(policy);
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(5) + Duration.FromHours(13));
        var view = await host.ViewAsync(TestHost.Buyer);
        view.IsStalled.Should().BeFalse("the idle clock started during a day, and five whole local days have not passed");

        var error = (await host.RunAsync(host.BuyerAppeal())).ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);

        error.Message.Should().Contain("seller idle 5 days 13 hours of 5 days (calendar days) (not yet stalled: that takes more than 5 whole calendar days)")
            .And.Contain(" The seller has stalled once idle more than 5 whole calendar days: ");
    }

    [Fact]
    public async Task R28_the_view_describes_each_appeal_condition_as_it_stands()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService, "ORD-S");
        await host.FlowInStageAsync(Stage.Delivered, "ORD-F");
        host.Clock.Advance(Duration.FromDays(6));
        await host.MustAsync(host.SellerAppeal("ORD-F"));

        var stalled = await host.ViewAsync(TestHost.Buyer, "ORD-S");
        stalled.AppealConditions[0].Description.Should().Be("seller idle 6 days of 5 days (stalled)");
        stalled.AppealConditions[0].Holds.Should().BeTrue();

        var seller = await host.ViewAsync(TestHost.Seller, "ORD-S");
        seller.AppealConditions.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Condition = "AnyTime", Holds = true, Description = "the seller may appeal at any time" });

        var frozen = await host.ViewAsync(TestHost.Buyer, "ORD-F");
        frozen.AppealConditions[0].Description.Should().Be(
            "the flow waits on an operations manager's decision of the open appeal, and the idle clock is stopped, so the seller cannot stall");
    }

    [Fact]
    public async Task R28_a_policy_without_appeals_while_accepted_says_so_in_the_view_of_an_accepted_flow_only()
    {
        var host = new TestHost(new SupervisionPolicy { AppealWhileAccepted = false });
        await host.FlowInStageAsync(Stage.Accepted, "ORD-A");
        await host.FlowInStageAsync(Stage.Delivered, "ORD-D");

        (await host.ViewAsync(TestHost.Buyer, "ORD-A")).AppealConditions.Should().ContainSingle().Which.Description
            .Should().Be("the policy permits no appeal once the delivery is accepted");
        (await host.ViewAsync(TestHost.Buyer, "ORD-D")).AppealConditions.Select(c => c.Condition)
            .Should().Equal("SellerStalled", "RequestRejections", "DeliveryRejections");
    }

    [Fact]
    public async Task R24_ReturnTo_before_acceptance_voids_the_acceptance_and_its_service_start()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Accepted);
        (await host.ViewAsync(TestHost.Buyer)).ServiceStart.Should().NotBeNull();
        await host.SellerAppealAsync();

        await host.DecideAsync(AppealOutcome.ReturnTo, returnTo: Stage.InService);

        var flow = await host.FlowAsync();
        flow.AcceptedAt.Should().BeNull();
        flow.ServiceStart.Should().BeNull();
        (await host.ViewAsync(TestHost.Buyer)).ServiceStart.Should().BeNull();
    }

    [Fact]
    public async Task R24_Close_records_when_the_flow_was_closed_and_never_completes_it()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();
        host.Clock.Advance(Duration.FromHours(5));

        await host.DecideAsync(AppealOutcome.Close);

        var flow = await host.FlowAsync();
        flow.ClosedAt.Should().Be(host.Clock.GetCurrentInstant());
        flow.CompletedAt.Should().BeNull();
    }

    [Fact]
    public async Task R24_a_refused_ReturnTo_names_the_stages_that_may_be_chosen()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();

        var result = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "Go there.", AppealOutcome.ReturnTo, Stage.Accepted));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Single(f => f.Field == nameof(DecideAppeal.ReturnTo)).Message
            .Should().EndWith("choose one of: AwaitingRequest, RequestSubmitted, RequestReturned, InService.");
    }
}
