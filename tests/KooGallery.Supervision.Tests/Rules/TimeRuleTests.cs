using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>R15 to R19 and R32: completion, idle clock, reminders, stalls, long-open flows, and the clock.</summary>
public class TimeRuleTests
{
    private static readonly Duration Tick = Duration.FromTicks(1);
    private static readonly Duration ThreeHours = Duration.FromHours(3);
    private static readonly Duration FiveDays = Duration.FromDays(5);

    private static async Task<Instant> AcceptedAsync(TestHost host, string orderNumber = "ORD-1")
    {
        await host.FlowInStageAsync(Stage.Delivered, orderNumber);
        var acceptedAt = host.Clock.GetCurrentInstant();
        await host.AcceptDeliveryAsync(orderNumber);
        return acceptedAt;
    }

    // ---------------------------------------------------------------- R15

    [Fact]
    public async Task R15_a_sweep_three_hours_minus_one_tick_after_acceptance_does_not_complete()
    {
        var host = new TestHost();
        var acceptedAt = await AcceptedAsync(host);
        host.Clock.Advance(ThreeHours - Tick);

        var sweep = await host.Supervisor.ApplyDueTimersAsync();

        sweep.FlowsUpdated.Should().Be(0);
        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.Accepted);
        flow.CompletionDueAt.Should().Be(acceptedAt + ThreeHours);
        host.EventsOf(SupervisionEventKind.Completed).Should().BeEmpty();
    }

    [Fact]
    public async Task R15_a_sweep_at_exactly_three_hours_after_acceptance_completes()
    {
        var host = new TestHost();
        var acceptedAt = await AcceptedAsync(host);
        host.Clock.Advance(ThreeHours);

        var sweep = await host.Supervisor.ApplyDueTimersAsync();

        sweep.FlowsUpdated.Should().Be(1);
        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.Completed);
        flow.CompletedAt.Should().Be(acceptedAt + ThreeHours);
        var record = (await host.RecordsAsync())[^1];
        record.Action.Should().Be(SupervisionAction.CompleteOnSchedule);
        record.ActorRole.Should().Be(ActorRole.System);
        record.At.Should().Be(acceptedAt + ThreeHours);
        record.StageBefore.Should().Be(Stage.Accepted);
        record.StageAfter.Should().Be(Stage.Completed);
        host.EventsOf(SupervisionEventKind.Completed).Should().ContainSingle();
    }

    [Fact]
    public async Task R15_a_plain_view_read_catches_up_the_completion_at_exactly_three_hours_and_not_before()
    {
        var host = new TestHost();
        var acceptedAt = await AcceptedAsync(host);

        host.Clock.Advance(ThreeHours - Tick);
        var early = await host.ViewAsync(TestHost.Buyer);
        early.Stage.Should().Be(Stage.Accepted);
        early.CompletionDueAt.Should().Be(acceptedAt + ThreeHours);

        host.Clock.Advance(Tick);
        var due = await host.ViewAsync(TestHost.Buyer);

        due.Stage.Should().Be(Stage.Completed);
        due.Status.Should().Be(OrderStatus.Completed);
        due.Records[^1].Action.Should().Be(SupervisionAction.CompleteOnSchedule);
        (await host.FlowAsync()).Stage.Should().Be(Stage.Completed, "the caught-up completion is saved, not only shown");
        host.EventsOf(SupervisionEventKind.Completed).Should().ContainSingle();
    }

    [Fact]
    public async Task R15_a_late_read_completes_at_the_due_instant_not_at_the_read_instant()
    {
        var host = new TestHost();
        var acceptedAt = await AcceptedAsync(host);
        host.Clock.Advance(Duration.FromDays(2));

        var view = await host.ViewAsync(TestHost.Seller);

        view.Stage.Should().Be(Stage.Completed);
        view.CompletedAt.Should().Be(acceptedAt + ThreeHours);
    }

    [Fact]
    public async Task R15_the_permitted_actions_query_catches_up_the_completion()
    {
        var host = new TestHost();
        await AcceptedAsync(host);
        host.Clock.Advance(ThreeHours);

        var actions = (await host.Supervisor.GetPermittedActionsAsync("ORD-1", TestHost.Seller)).ShouldSucceed();

        actions.Should().BeEmpty("a completed flow permits nothing, not the OpenAppeal of Accepted");
        (await host.FlowAsync()).Stage.Should().Be(Stage.Completed);
    }

    [Fact]
    public async Task R15_a_command_catches_up_the_completion_at_exactly_three_hours_and_not_before()
    {
        var host = new TestHost();
        await AcceptedAsync(host);

        host.Clock.Advance(ThreeHours - Tick);
        var early = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "Nothing to decide.", AppealOutcome.Resume));
        early.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage).Stage.Should().Be(Stage.Accepted);
        (await host.FlowAsync()).Stage.Should().Be(Stage.Accepted);

        host.Clock.Advance(Tick);
        var due = await host.RunAsync(host.SellerAppeal());

        due.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage).Stage.Should().Be(Stage.Completed,
            "the command first catches up the due completion, after which no appeal is possible");
        (await host.FlowAsync()).Stage.Should().Be(Stage.Completed);
        (await host.RecordsAsync())[^1].Action.Should().Be(SupervisionAction.CompleteOnSchedule);
    }

    [Fact]
    public async Task R15_one_sweep_completes_every_due_flow_even_beyond_one_batch()
    {
        var host = new TestHost();
        host.Options.TimerSweepBatchSize = 2;
        var orders = Enumerable.Range(1, 5).Select(i => "ORD-" + i).ToList();
        foreach (var order in orders)
        {
            await AcceptedAsync(host, order);
        }

        host.Clock.Advance(ThreeHours);
        var sweep = await host.Supervisor.ApplyDueTimersAsync();

        sweep.FlowsUpdated.Should().Be(5);
        foreach (var order in orders)
        {
            (await host.FlowAsync(order)).Stage.Should().Be(Stage.Completed);
        }

        host.Events.Received.Count(e => e.Kind == SupervisionEventKind.Completed).Should().Be(5);
    }

    [Fact]
    public async Task R15_completion_is_final_and_a_later_sweep_changes_nothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Completed);
        var before = await host.SnapshotAsync();
        host.Clock.Advance(Duration.FromDays(400));

        var sweep = await host.Supervisor.ApplyDueTimersAsync();

        sweep.FlowsUpdated.Should().Be(0);
        (await host.SnapshotAsync()).Should().Be(before);
        (await host.ViewAsync(TestHost.Buyer)).PermittedActions.Should().BeEmpty();
        (await host.ViewAsync(TestHost.Seller)).PermittedActions.Should().BeEmpty();
    }

    [Fact]
    public async Task R15_the_completion_delay_is_policy()
    {
        var host = new TestHost(new SupervisionPolicy { CompletionDelay = Duration.FromHours(24) });
        var acceptedAt = await AcceptedAsync(host);

        host.Clock.Advance(Duration.FromHours(24) - Tick);
        (await host.ViewAsync(TestHost.Buyer)).Stage.Should().Be(Stage.Accepted);
        host.Clock.Advance(Tick);

        var view = await host.ViewAsync(TestHost.Buyer);
        view.Stage.Should().Be(Stage.Completed);
        view.CompletedAt.Should().Be(acceptedAt + Duration.FromHours(24));
    }

    [Fact]
    public async Task R15_a_search_without_a_sweep_does_not_leave_a_due_completion_behind()
    {
        var host = new TestHost();
        await AcceptedAsync(host);
        host.Clock.Advance(ThreeHours);

        var page = (await host.Supervisor.SearchAsync(new FlowQuery { Status = OrderStatus.Completed }, TestHost.Manager)).ShouldSucceed();

        page.Items.Select(i => i.OrderNumber).Should().Equal(["ORD-1"],
            "every read catches up any timer already due, so a stopped sweeper never leaves a flow behind (R15)");
    }

    // ---------------------------------------------------------------- R16

    [Theory]
    [InlineData(Stage.AwaitingRequest, Party.Buyer)]
    [InlineData(Stage.RequestSubmitted, Party.Seller)]
    [InlineData(Stage.RequestReturned, Party.Buyer)]
    [InlineData(Stage.InService, Party.Seller)]
    [InlineData(Stage.Delivered, Party.Buyer)]
    [InlineData(Stage.DeliveryRejected, Party.Seller)]
    [InlineData(Stage.Accepted, Party.Nobody)]
    [InlineData(Stage.Completed, Party.Nobody)]
    [InlineData(Stage.Closed, Party.Nobody)]
    public async Task R16_the_flow_waits_on_the_party_of_its_stage(Stage stage, Party expected)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);

        var view = await host.ViewAsync(TestHost.Manager);

        view.WaitingOn.Should().Be(expected);
    }

    [Theory]
    [InlineData(Stage.Accepted)]
    [InlineData(Stage.Completed)]
    [InlineData(Stage.Closed)]
    public async Task R16_a_flow_waiting_on_nobody_has_no_idle_clock(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);
        host.Clock.Advance(Duration.FromHours(2));

        var view = await host.ViewAsync(TestHost.Manager);

        view.IdleFor.Should().Be(Duration.Zero);
        view.IsStalled.Should().BeFalse();
    }

    [Fact]
    public async Task R16_the_idle_clock_measures_time_since_the_stage_was_entered()
    {
        var host = new TestHost();
        await host.CreateAsync();
        host.Clock.Advance(Duration.FromDays(2));
        (await host.ViewAsync(TestHost.Buyer)).IdleFor.Should().Be(Duration.FromDays(2));

        await host.SubmitAsync();
        (await host.ViewAsync(TestHost.Buyer)).IdleFor.Should().Be(Duration.Zero, "entering a stage restarts the idle clock");

        host.Clock.Advance(Duration.FromHours(7));
        var view = await host.ViewAsync(TestHost.Buyer);
        view.WaitingOn.Should().Be(Party.Seller);
        view.IdleFor.Should().Be(Duration.FromHours(7));
    }

    [Fact]
    public async Task R16_a_progress_update_restarts_the_sellers_idle_clock()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.DeliveryRejected);
        host.Clock.Advance(Duration.FromDays(3));

        await host.MustAsync(host.Progress());
        host.Clock.Advance(Duration.FromHours(1));

        (await host.ViewAsync(TestHost.Buyer)).IdleFor.Should().Be(Duration.FromHours(1));
    }

    [Fact]
    public async Task R16_a_reminder_does_not_restart_the_sellers_idle_clock()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(2));

        await host.MustAsync(host.Reminder());
        host.Clock.Advance(Duration.FromDays(1));

        var view = await host.ViewAsync(TestHost.Buyer);
        view.IdleFor.Should().Be(Duration.FromDays(3));
    }

    // ---------------------------------------------------------------- R17

    [Theory]
    [InlineData(Stage.RequestSubmitted)]
    [InlineData(Stage.InService)]
    [InlineData(Stage.DeliveryRejected)]
    public async Task R17_a_reminder_while_waiting_on_the_seller_is_recorded_and_raises_an_event(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);

        var outcome = await host.MustAsync(host.Reminder());

        outcome.StageBefore.Should().Be(stage);
        outcome.StageAfter.Should().Be(stage);
        var record = (await host.RecordsAsync())[^1];
        record.Action.Should().Be(SupervisionAction.SendReminder);
        record.ActorId.Should().Be(TestHost.Buyer.Id);
        var reminder = host.EventsOf(SupervisionEventKind.ReminderSent).Should().ContainSingle().Subject;
        reminder.Concerns.Should().Be(Party.Seller);
        reminder.SellerId.Should().Be(TestHost.Seller.Id);
    }

    [Theory]
    [InlineData(Stage.AwaitingRequest)]
    [InlineData(Stage.RequestReturned)]
    [InlineData(Stage.Delivered)]
    [InlineData(Stage.Accepted)]
    public async Task R17_no_reminder_while_the_flow_does_not_wait_on_the_seller(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(host.Reminder());

        result.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R17_a_second_reminder_one_tick_before_24_hours_is_refused_with_when_the_next_is_allowed()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var firstAt = host.Clock.GetCurrentInstant();
        await host.MustAsync(host.Reminder());
        host.Clock.Advance(Duration.FromHours(24) - Tick);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(host.Reminder());

        var error = result.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        error.RetryAt.Should().Be(firstAt + Duration.FromHours(24));
        error.Message.Should().Contain((firstAt + Duration.FromHours(24)).ToString());
        error.Conditions.Should().ContainSingle().Which.HoldsFrom.Should().Be(firstAt + Duration.FromHours(24));
        (await host.SnapshotAsync()).Should().Be(before);
        host.EventsOf(SupervisionEventKind.ReminderSent).Should().ContainSingle();
    }

    [Fact]
    public async Task R17_a_second_reminder_at_exactly_24_hours_is_allowed()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.MustAsync(host.Reminder());
        host.Clock.Advance(Duration.FromHours(24));

        var result = await host.RunAsync(host.Reminder());

        result.ShouldSucceed().Action.Should().Be(SupervisionAction.SendReminder);
        host.EventsOf(SupervisionEventKind.ReminderSent).Should().HaveCount(2);
        (await host.RecordsAsync()).Count(r => r.Action == SupervisionAction.SendReminder).Should().Be(2);
    }

    [Fact]
    public async Task R17_the_24_hours_count_per_flow_across_stages()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        await host.MustAsync(host.Reminder());
        await host.AcceptRequestAsync(); // InService: still waits on the seller
        host.Clock.Advance(Duration.FromHours(23));

        var result = await host.RunAsync(host.Reminder());

        result.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet).RetryAt.Should().Be(TestHost.Start + Duration.FromHours(24));
    }

    [Fact]
    public async Task R17_the_view_says_when_the_next_reminder_is_allowed()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var firstAt = host.Clock.GetCurrentInstant();
        (await host.ViewAsync(TestHost.Buyer)).NextReminderAllowedAt.Should().Be(firstAt);
        await host.MustAsync(host.Reminder());
        host.Clock.Advance(Duration.FromHours(1));

        var view = await host.ViewAsync(TestHost.Buyer);

        view.NextReminderAllowedAt.Should().Be(firstAt + Duration.FromHours(24));
        view.PermittedActions.Should().NotContain(SupervisionAction.SendReminder);
    }

    [Fact]
    public async Task R17_the_reminder_interval_is_policy_and_counts_per_flow()
    {
        var host = new TestHost(new SupervisionPolicy { ReminderInterval = Duration.FromHours(2) });
        await host.FlowInStageAsync(Stage.InService, "ORD-A");
        await host.FlowInStageAsync(Stage.InService, "ORD-B");
        await host.MustAsync(host.Reminder("ORD-A"));

        var otherFlow = await host.RunAsync(host.Reminder("ORD-B"));
        host.Clock.Advance(Duration.FromHours(2));
        var again = await host.RunAsync(host.Reminder("ORD-A"));

        otherFlow.ShouldSucceed();
        again.ShouldSucceed();
    }

    // ---------------------------------------------------------------- R18

    [Fact]
    public async Task R18_seller_idle_exactly_five_days_is_not_stalled()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(FiveDays);
        await host.Supervisor.ApplyDueTimersAsync();

        var view = await host.ViewAsync(TestHost.Buyer);
        view.IdleFor.Should().Be(FiveDays);
        view.IsStalled.Should().BeFalse();
        host.EventsOf(SupervisionEventKind.Stalled).Should().BeEmpty();

        var before = await host.SnapshotAsync();
        var appeal = await host.RunAsync(host.BuyerAppeal());
        var error = appeal.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        error.Conditions.Single(c => c.Condition == "SellerStalled").Holds.Should().BeFalse();
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R18_seller_idle_five_days_plus_one_tick_is_stalled()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(FiveDays + Tick);

        var view = await host.ViewAsync(TestHost.Buyer);
        view.IsStalled.Should().BeTrue();
        view.PermittedActions.Should().Contain(SupervisionAction.OpenAppeal);

        var appeal = await host.RunAsync(host.BuyerAppeal());

        appeal.ShouldSucceed().Action.Should().Be(SupervisionAction.OpenAppeal);
        (await host.FlowAsync()).Appeal!.OpenedBy.Should().Be(TestHost.Buyer);
    }

    [Fact]
    public async Task R18_a_stall_raises_one_event_per_episode()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var idleSince = host.Clock.GetCurrentInstant();
        host.Clock.Advance(FiveDays + Tick);

        await host.Supervisor.ApplyDueTimersAsync();
        host.Clock.Advance(Duration.FromDays(1));
        await host.Supervisor.ApplyDueTimersAsync();
        await host.ViewAsync(TestHost.Buyer);

        var stalled = host.EventsOf(SupervisionEventKind.Stalled).Should().ContainSingle().Subject;
        stalled.Concerns.Should().Be(Party.Seller);
        stalled.OccurredAt.Should().BeGreaterThan(idleSince + FiveDays);

        await host.MustAsync(host.Progress());
        (await host.ViewAsync(TestHost.Buyer)).IsStalled.Should().BeFalse("the update restarts the idle clock");
        host.Clock.Advance(FiveDays);
        await host.Supervisor.ApplyDueTimersAsync();
        host.EventsOf(SupervisionEventKind.Stalled).Should().ContainSingle("the new episode has not passed five days yet");

        host.Clock.Advance(Tick);
        await host.Supervisor.ApplyDueTimersAsync();
        await host.Supervisor.ApplyDueTimersAsync();

        host.EventsOf(SupervisionEventKind.Stalled).Should().HaveCount(2, "a new stall episode gives a new event");
    }

    [Fact]
    public async Task R18_a_reminder_does_not_start_a_new_stall_episode()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(FiveDays + Tick);
        await host.Supervisor.ApplyDueTimersAsync();

        await host.MustAsync(host.Reminder());
        host.Clock.Advance(FiveDays + Tick);
        await host.Supervisor.ApplyDueTimersAsync();

        host.EventsOf(SupervisionEventKind.Stalled).Should().ContainSingle();
        (await host.ViewAsync(TestHost.Buyer)).IsStalled.Should().BeTrue();
    }

    [Fact]
    public async Task R18_the_buyer_stalls_too_when_the_flow_waits_on_the_buyer()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        host.Clock.Advance(FiveDays + Tick);

        await host.Supervisor.ApplyDueTimersAsync();

        host.EventsOf(SupervisionEventKind.Stalled).Should().ContainSingle().Which.Concerns.Should().Be(Party.Buyer);
        (await host.ViewAsync(TestHost.Seller)).IsStalled.Should().BeTrue();
    }

    [Fact]
    public async Task R18_a_policy_may_count_calendar_days_in_a_time_zone()
    {
        var policy = new SupervisionPolicy { StallMeasure = StallMeasure.CalendarDays, TimeZone = DateTimeZone.Utc };
        var host = new TestHost(policy);
        await host.FlowInStageAsync(Stage.InService); // idle from Monday 2026-03-02 09:00

        host.Clock.Reset(Instant.FromUtc(2026, 3, 8, 0, 0) - Tick);
        (await host.ViewAsync(TestHost.Buyer)).IsStalled.Should().BeFalse("Saturday 7 March ends the fifth whole calendar day");

        host.Clock.Reset(Instant.FromUtc(2026, 3, 8, 0, 0));
        (await host.ViewAsync(TestHost.Buyer)).IsStalled.Should().BeTrue("more than five calendar days have passed");
    }

    [Fact]
    public async Task R18_the_stall_threshold_is_policy()
    {
        var host = new TestHost(new SupervisionPolicy { StallAfter = Duration.FromDays(2) });
        await host.FlowInStageAsync(Stage.InService);

        host.Clock.Advance(Duration.FromDays(2));
        (await host.ViewAsync(TestHost.Buyer)).IsStalled.Should().BeFalse();
        host.Clock.Advance(Tick);
        (await host.ViewAsync(TestHost.Buyer)).IsStalled.Should().BeTrue();
    }

    // ---------------------------------------------------------------- R19

    [Fact]
    public async Task R19_a_flow_not_accepted_180_days_after_placement_raises_one_long_open_event()
    {
        var host = new TestHost();
        var flow = await host.FlowInStageAsync(Stage.InService);
        var dueAt = flow.PlacedAt + Duration.FromDays(180);

        host.Clock.Reset(dueAt - Tick);
        await host.Supervisor.ApplyDueTimersAsync();
        host.EventsOf(SupervisionEventKind.LongOpen).Should().BeEmpty();

        host.Clock.Reset(dueAt);
        await host.Supervisor.ApplyDueTimersAsync();
        host.Clock.Advance(Duration.FromDays(30));
        await host.Supervisor.ApplyDueTimersAsync();
        await host.ViewAsync(TestHost.Buyer);

        var longOpen = host.EventsOf(SupervisionEventKind.LongOpen).Should().ContainSingle().Subject;
        longOpen.OccurredAt.Should().Be(dueAt);
        longOpen.BuyerId.Should().Be(TestHost.Buyer.Id);
        longOpen.SellerId.Should().Be(TestHost.Seller.Id);
        var after = await host.FlowAsync();
        after.Stage.Should().Be(Stage.InService, "nothing closes automatically");
        after.Status.Should().Be(OrderStatus.Processing);
    }

    [Fact]
    public async Task R19_no_long_open_event_once_the_delivery_is_accepted()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Accepted);
        await host.SellerAppealAsync(); // frozen in Accepted: not completed, but accepted

        host.Clock.Advance(Duration.FromDays(200));
        await host.Supervisor.ApplyDueTimersAsync();
        await host.ViewAsync(TestHost.Manager);

        host.EventsOf(SupervisionEventKind.LongOpen).Should().BeEmpty();
        (await host.FlowAsync()).Stage.Should().Be(Stage.Accepted);
    }

    [Fact]
    public async Task R19_no_long_open_event_for_a_completed_flow()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Completed);

        host.Clock.Advance(Duration.FromDays(200));
        await host.Supervisor.ApplyDueTimersAsync();

        host.EventsOf(SupervisionEventKind.LongOpen).Should().BeEmpty();
    }

    // ---------------------------------------------------------------- R32

    [Fact]
    public async Task R32_every_instant_comes_from_the_injected_clock()
    {
        var host = new TestHost();
        await host.CreateAsync();
        host.Clock.Advance(Duration.FromMinutes(42));
        var at = host.Clock.GetCurrentInstant();

        var outcome = await host.SubmitAsync();

        outcome.At.Should().Be(at);
        var records = await host.RecordsAsync();
        records[0].At.Should().Be(TestHost.Start);
        records[1].At.Should().Be(at);
        (await host.FlowAsync()).IdleSince.Should().Be(at);
    }

    [Fact]
    public async Task R32_a_clock_moved_backwards_never_gives_a_negative_idle_duration()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var enteredAt = host.Clock.GetCurrentInstant();

        host.Clock.Reset(enteredAt - Duration.FromHours(6));
        var view = await host.ViewAsync(TestHost.Buyer);
        var appeal = await host.RunAsync(host.BuyerAppeal());

        view.IdleFor.Should().Be(Duration.Zero);
        view.IsStalled.Should().BeFalse();
        var stall = appeal.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet).Conditions.Single(c => c.Condition == "SellerStalled");
        stall.Elapsed.Should().Be(Duration.Zero);
        appeal.Error!.Message.Should().NotContain("-");
    }

    [Fact]
    public async Task R32_a_clock_moved_backwards_never_undoes_a_completion()
    {
        var host = new TestHost();
        var acceptedAt = await AcceptedAsync(host);
        host.Clock.Advance(ThreeHours);
        await host.Supervisor.ApplyDueTimersAsync();

        host.Clock.Reset(acceptedAt - Duration.FromDays(1));
        await host.Supervisor.ApplyDueTimersAsync();
        var view = await host.ViewAsync(TestHost.Buyer);
        var appeal = await host.RunAsync(host.SellerAppeal());

        view.Stage.Should().Be(Stage.Completed);
        view.Status.Should().Be(OrderStatus.Completed);
        view.IdleFor.Should().Be(Duration.Zero);
        appeal.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);
        (await host.FlowAsync()).Stage.Should().Be(Stage.Completed);
    }

    [Fact]
    public async Task R32_a_clock_moved_backwards_gives_no_negative_reminder_distance()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var firstAt = host.Clock.GetCurrentInstant();
        await host.MustAsync(host.Reminder());
        host.Clock.Reset(firstAt - Duration.FromHours(3));

        var result = await host.RunAsync(host.Reminder());

        var error = result.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        error.Conditions.Single().Elapsed.Should().Be(Duration.Zero);
        error.RetryAt.Should().Be(firstAt + Duration.FromHours(24));
    }

    [Fact]
    public async Task R32_durations_are_exact_elapsed_time_across_a_daylight_saving_change()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var host = new TestHost(new SupervisionPolicy { TimeZone = berlin });
        host.Clock.Reset(Instant.FromUtc(2026, 3, 27, 9, 0)); // Berlin moves to summer time on 29 March
        await host.CreateAsync(TestHost.Order(placedAt: host.Clock.GetCurrentInstant()));

        host.Clock.Advance(FiveDays);
        (await host.ViewAsync(TestHost.Buyer)).IsStalled.Should().BeFalse();
        host.Clock.Advance(Tick);

        var view = await host.ViewAsync(TestHost.Buyer);
        view.IsStalled.Should().BeTrue();
        view.IdleFor.Should().Be(FiveDays + Tick);
    }
}
