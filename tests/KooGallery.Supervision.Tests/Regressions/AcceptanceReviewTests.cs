using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Regressions;

/// <summary>
/// Regression tests for the findings of an acceptance review against the rules: each name says the rule and what
/// went wrong before.
/// </summary>
public class AcceptanceReviewTests
{
    [Theory]
    [InlineData("", AppealOutcome.Close, null)]
    [InlineData("Back to the start.", AppealOutcome.ReturnTo, Stage.Completed)]
    [InlineData("Back to the start.", AppealOutcome.ReturnTo, null)]
    public async Task R27_a_decision_with_no_appeal_open_is_not_permitted_whatever_its_input(string decision, AppealOutcome outcome, Stage? returnTo)
    {
        // Before: the decision's input was judged first, so a flow with no appeal open got a Validation error (one
        // that even spoke of a "frozen stage") instead of the stage's refusal.
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var refused = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, decision, outcome, returnTo));

        refused.Error!.Code.Should().Be(SupervisionErrorCode.NotPermittedInStage, refused.Error.ToString());
        refused.Error.Reason.Should().Be(SupervisionErrorReason.NoOpenAppeal);
        refused.Error.Message.Should().Contain("no appeal is open");
        (await host.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Theory]
    [InlineData(Stage.AwaitingRequest, SupervisionErrorReason.NoOpenAppeal)]
    [InlineData(Stage.Accepted, SupervisionErrorReason.NoOpenAppeal)]
    [InlineData(Stage.Completed, SupervisionErrorReason.NotInStage)]
    [InlineData(Stage.Closed, SupervisionErrorReason.NotInStage)]
    public async Task R27_a_decision_with_bad_input_and_no_appeal_open_is_refused_by_the_stage_in_every_stage(Stage stage, string reason)
    {
        // A final stage takes no decision at all: its refusal names the stage, not a missing appeal.
        var host = new TestHost();
        await host.FlowInStageAsync(stage);
        var before = await host.SnapshotAsync();

        var refused = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "", AppealOutcome.ReturnTo, Stage.Completed));

        refused.Error!.Code.Should().Be(SupervisionErrorCode.NotPermittedInStage, refused.Error.ToString());
        refused.Error.Reason.Should().Be(reason);
        (await host.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task R24_a_decision_with_an_appeal_open_still_has_its_input_judged()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();

        var refused = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "", AppealOutcome.Close));

        refused.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        refused.Error.Fields.Select(f => f.Field).Should().Equal("Decision");
    }

    [Fact]
    public async Task R15_creating_an_existing_flow_again_answers_with_its_due_timers_caught_up_and_kept()
    {
        // Before: the stored flow came back as it was, still Accepted an hour after its completion was due.
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Accepted);
        host.Clock.Advance(Duration.FromHours(4));

        var again = (await host.Supervisor.CreateFlowAsync(TestHost.Order())).GetValueOrThrow();

        again.Stage.Should().Be(Stage.Completed);
        again.Status.Should().Be(OrderStatus.Completed);
        var stored = await host.FlowAsync();
        stored.Stage.Should().Be(Stage.Completed);
        stored.Version.Should().Be(again.Version);
        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);
        records.Count(r => r.Action == SupervisionAction.CompleteOnSchedule).Should().Be(1);
        host.Events.Received.Count(e => e.Kind == SupervisionEventKind.Completed).Should().Be(1);
    }

    [Fact]
    public async Task R3_creating_an_existing_flow_with_different_data_is_a_conflict_that_keeps_only_the_due_timers()
    {
        // As a refused command does (R15): the completion already due is caught up and kept; nothing else changes.
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Accepted);
        host.Clock.Advance(Duration.FromHours(4));
        var before = await host.SnapshotAsync();

        var refused = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { AmountPaid = TestHost.Order().AmountPaid + 1 });

        refused.Error!.Reason.Should().Be(SupervisionErrorReason.DifferentOrderData);
        var after = await host.FlowAsync();
        after.Stage.Should().Be(Stage.Completed);
        after.AmountPaid.Should().Be(before.Flow!.AmountPaid);
        after.Version.Should().Be(before.Flow.Version + 1);
        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);
        records.Should().HaveCount(before.RecordCount + 1);
        records[^1].Action.Should().Be(SupervisionAction.CompleteOnSchedule);
    }

    [Fact]
    public async Task R3_creating_an_existing_flow_with_different_data_and_nothing_due_changes_nothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var refused = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { AmountPaid = TestHost.Order().AmountPaid + 1 });

        refused.Error!.Reason.Should().Be(SupervisionErrorReason.DifferentOrderData);
        (await host.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task R8_text_length_counts_characters_so_an_emoji_counts_once()
    {
        // Before: the limit counted UTF-16 units, so 5,001 emoji (5,001 characters) were refused as 10,002.
        var host = new TestHost();
        await host.CreateAsync();
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 5_001));
        var tooMany = string.Concat(Enumerable.Repeat("\U0001F600", 10_001));

        var accepted = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, emoji));
        var refusedHost = new TestHost();
        await refusedHost.CreateAsync();
        var refused = await refusedHost.RunAsync(new SubmitRequest(refusedHost.NextCommandId(), "ORD-1", TestHost.Buyer, tooMany));

        accepted.IsSuccess.Should().BeTrue(accepted.Error?.ToString());
        refused.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        refused.Error.Message.Should().Contain("has 10001 characters; at most 10000");
    }

    [Fact]
    public async Task R30_a_text_of_exactly_the_limit_in_emoji_is_accepted_and_its_retry_is_a_replay()
    {
        // The input taken once counts the same way: a text within the limit is not "oversized", so its retry replays.
        var host = new TestHost();
        await host.CreateAsync();
        var text = string.Concat(Enumerable.Repeat("\U0001F600", 10_000));
        var command = new SubmitRequest("emoji-1", "ORD-1", TestHost.Buyer, text);

        var first = await host.RunAsync(command);
        var retry = await host.RunAsync(command);

        first.IsSuccess.Should().BeTrue(first.Error?.ToString());
        retry.IsSuccess.Should().BeTrue(retry.Error?.ToString());
        retry.Value.IsReplay.Should().BeTrue();
    }

    [Fact]
    public async Task A_command_cancelled_while_its_flow_is_read_changes_nothing()
    {
        // The token is looked at again before the save, not only before the first read.
        using var cancellation = new CancellationTokenSource();
        var store = new CancelOnLoadStore(new InMemoryServiceFlowStore(), cancellation);
        var host = new TestHost(store: store);
        await host.CreateAsync();
        var before = await host.SnapshotAsync();
        store.Armed = true;

        var command = async () => await host.Supervisor.ExecuteAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Please migrate."), cancellation.Token);

        await command.Should().ThrowAsync<OperationCanceledException>();
        (await host.SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    /// <summary>Cancels the token while a command reads its flow (the in-memory store itself never looks at tokens).</summary>
    private sealed class CancelOnLoadStore(IServiceFlowStore inner, CancellationTokenSource cancellation) : DelegatingStore(inner)
    {
        public bool Armed { get; set; }

        public override async ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken)
        {
            var read = await Inner.LoadAsync(orderNumber, CancellationToken.None).ConfigureAwait(false);
            if (Armed)
            {
                Armed = false;
                await cancellation.CancelAsync().ConfigureAwait(false);
            }

            return read;
        }
    }

    [Fact]
    public async Task A_command_whose_caller_already_cancelled_changes_nothing()
    {
        // Before: the in-memory store ignores tokens, and the command was saved and reported as done.
        var host = new TestHost();
        await host.CreateAsync();
        var before = await host.SnapshotAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var command = async () => await host.Supervisor.ExecuteAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Please migrate."), cancelled.Token);
        var create = async () => await host.Supervisor.CreateFlowAsync(TestHost.Order("ORD-2"), cancelled.Token);

        await command.Should().ThrowAsync<OperationCanceledException>();
        await create.Should().ThrowAsync<OperationCanceledException>();
        (await host.SnapshotAsync()).Should().BeEquivalentTo(before);
        (await host.Store.LoadAsync("ORD-2", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_sweep_cancelled_after_its_first_flow_leaves_the_others_for_the_next_sweep()
    {
        // Before: the token was looked at once per batch, so a whole batch was applied after the cancellation.
        using var cancellation = new CancellationTokenSource();
        var store = new CancelAfterFirstSaveStore(new InMemoryServiceFlowStore(), cancellation);
        var host = new TestHost(store: store);
        foreach (var order in new[] { "L-1", "L-2", "L-3" })
        {
            await host.CreateAsync(order, ProductKind.License);
            await host.DeliverAsync(order);
            await host.AcceptDeliveryAsync(order);
        }

        host.Clock.Advance(Duration.FromHours(4));
        store.Armed = true;

        var sweep = async () => await host.Supervisor.ApplyDueTimersAsync(cancellation.Token);

        await sweep.Should().ThrowAsync<OperationCanceledException>();
        var stages = new List<Stage>();
        foreach (var order in new[] { "L-1", "L-2", "L-3" })
        {
            stages.Add((await host.Store.LoadAsync(order, CancellationToken.None))!.Stage);
        }

        stages.Count(s => s == Stage.Completed).Should().Be(1);
        stages.Count(s => s == Stage.Accepted).Should().Be(2);
    }

    /// <summary>Cancels the token once the first save after arming has been made.</summary>
    private sealed class CancelAfterFirstSaveStore(IServiceFlowStore inner, CancellationTokenSource cancellation) : DelegatingStore(inner)
    {
        public bool Armed { get; set; }

        public override async ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
        {
            var result = await Inner.SaveAsync(change, cancellationToken).ConfigureAwait(false);
            if (Armed)
            {
                Armed = false;
                await cancellation.CancelAsync().ConfigureAwait(false);
            }

            return result;
        }
    }

    [Fact]
    public async Task R32_a_clock_set_back_never_takes_a_recorded_stall_back()
    {
        // Before: with the clock two days back, the view said not stalled, the stalled search missed the flow, and the
        // buyer's appeal the stall had allowed was refused, against the flow's own FlagStall record.
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(6));
        await host.Supervisor.ApplyDueTimersAsync();
        (await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None)).Should().Contain(r => r.Action == SupervisionAction.FlagStall);

        host.Clock.Reset(host.Clock.GetCurrentInstant() - Duration.FromDays(2));
        var view = await host.ViewAsync(TestHost.Buyer);
        var stalled = (await host.Supervisor.SearchAsync(new FlowQuery { Stalled = true }, TestHost.Manager)).GetValueOrThrow();
        var appeal = await host.RunAsync(new OpenAppeal(host.NextCommandId(), "ORD-1", TestHost.Buyer, "The seller went silent."));

        view.IsStalled.Should().BeTrue();
        stalled.Items.Select(i => i.OrderNumber).Should().Equal("ORD-1");
        appeal.IsSuccess.Should().BeTrue(appeal.Error?.ToString());
    }

    [Fact]
    public async Task R19_a_flow_long_open_again_after_a_return_records_it_after_the_decision()
    {
        // Before: the voided acceptance re-armed the long-open timer at placement + 180 days, recorded before the decision.
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Accepted);
        await host.SellerAppealAsync();
        host.Clock.Advance(Duration.FromDays(200));
        await host.DecideAsync(AppealOutcome.ReturnTo, Stage.InService);

        await host.Supervisor.ApplyDueTimersAsync();

        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);
        var decision = records.Single(r => r.Action == SupervisionAction.DecideAppeal);
        var longOpen = records.Single(r => r.Action == SupervisionAction.FlagLongOpen);
        longOpen.Sequence.Should().BeGreaterThan(decision.Sequence);
        longOpen.At.Should().BeGreaterThanOrEqualTo(decision.At);
        records.Select(r => r.At).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task R19_an_order_placed_long_ago_is_long_open_from_its_creation_not_before_it()
    {
        var host = new TestHost();
        await host.CreateAsync(TestHost.Order(placedAt: TestHost.Start - Duration.FromDays(200)));

        await host.Supervisor.ApplyDueTimersAsync();

        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);
        records.Select(r => r.Action).Should().StartWith(SupervisionAction.CreateFlow).And.Contain(SupervisionAction.FlagLongOpen);
        records.Select(r => r.At).Should().BeInAscendingOrder();
        host.Events.Received.Count(e => e.Kind == SupervisionEventKind.LongOpen).Should().Be(1);
    }

    [Fact]
    public async Task R29_the_in_memory_store_orders_order_numbers_as_the_SQL_stores_do_by_code_point()
    {
        // Before: UTF-16 order put a character above U+FFFF before U+FF21, where SQLite and PostgreSQL put it after.
        var host = new TestHost();
        foreach (var order in new[] { "\uFF21", "\U0001F600", "A", "\uFB01x" })
        {
            await host.CreateAsync(TestHost.Order(order));
        }

        var page = (await host.Supervisor.SearchAsync(new FlowQuery(), TestHost.Manager)).GetValueOrThrow();

        page.Items.Select(i => i.OrderNumber).Should().Equal("A", "\uFB01x", "\uFF21", "\U0001F600");
    }

    [Fact]
    public async Task R29_a_search_naming_no_page_size_follows_a_smaller_maximum()
    {
        // Before: the default page size of 50 was refused under a maximum of 20.
        var clock = new FakeClock(TestHost.Start);
        var supervisor = new ServiceSupervisor(new InMemoryServiceFlowStore(), clock, new ServiceSupervisionOptions { MaxSearchPageSize = 20 });
        for (var i = 0; i < 25; i++)
        {
            (await supervisor.CreateFlowAsync(TestHost.Order($"P-{i:00}"))).IsSuccess.Should().BeTrue();
        }

        var page = await supervisor.SearchAsync(new FlowQuery(), TestHost.Manager);
        var tooLarge = await supervisor.SearchAsync(new FlowQuery { PageSize = 21 }, TestHost.Manager);

        page.IsSuccess.Should().BeTrue(page.Error?.ToString());
        page.Value.Items.Should().HaveCount(20);
        page.Value.Next.Should().NotBeNull();
        tooLarge.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
    }

    [Fact]
    public async Task R15_a_retried_command_catches_up_and_keeps_the_timers_already_due()
    {
        // Before: a replay was answered before the catch-up, and the completion due an hour ago stayed unrecorded.
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var accept = new AcceptDelivery("accept-1", "ORD-1", TestHost.Buyer);
        (await host.RunAsync(accept)).IsSuccess.Should().BeTrue();
        host.Clock.Advance(Duration.FromHours(4));

        var retry = await host.RunAsync(accept);

        retry.Value.IsReplay.Should().BeTrue();
        retry.Value.StageAfter.Should().Be(Stage.Accepted, "the replay is the first outcome");
        (await host.FlowAsync()).Stage.Should().Be(Stage.Completed);
        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);
        records.Count(r => r.Action == SupervisionAction.CompleteOnSchedule).Should().Be(1);
        records.Count(r => r.Action == SupervisionAction.AcceptDelivery).Should().Be(1);
    }
}
