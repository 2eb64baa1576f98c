using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>R30, R31 and R33: command ids, racing commands and policy versions.</summary>
public class CommandAndPolicyRuleTests
{
    // ---------------------------------------------------------------- R30

    [Fact]
    public async Task R30_a_retried_delivery_rejection_returns_the_first_outcome_and_counts_once()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var command = new RejectDelivery("reject-1", "ORD-1", TestHost.Buyer, "The report is incomplete.");

        var first = await host.MustAsync(command);
        var afterFirst = await host.SnapshotAsync();
        var retry = await host.MustAsync(command);

        first.IsReplay.Should().BeFalse();
        retry.IsReplay.Should().BeTrue();
        retry.Should().BeEquivalentTo(first, o => o.Excluding(x => x.IsReplay));
        (await host.SnapshotAsync()).Should().Be(afterFirst, "a retry has no second effect");
        var flow = await host.FlowAsync();
        flow.DeliveryRejections.Should().Be(1);
        (await host.RecordsAsync()).Count(r => r.Action == SupervisionAction.RejectDelivery).Should().Be(1);
        host.EventsOf(SupervisionEventKind.DeliveryRejected).Should().ContainSingle();
    }

    [Fact]
    public async Task R30_a_retried_request_rejection_never_counts_twice_even_when_the_stage_permits_it_again()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var command = new ReturnRequest("return-1", "ORD-1", TestHost.Seller, "Missing the target version.");
        var first = await host.MustAsync(command);
        await host.SubmitAsync(); // RequestSubmitted again: a ReturnRequest would be permitted

        var retry = await host.MustAsync(command);

        retry.IsReplay.Should().BeTrue();
        retry.RecordSequence.Should().Be(first.RecordSequence);
        retry.StageAfter.Should().Be(Stage.RequestReturned, "the first outcome is returned");
        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.RequestSubmitted);
        flow.RequestRejections.Should().Be(1);
    }

    [Fact]
    public async Task R30_the_same_id_for_a_different_command_is_a_Conflict()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.MustAsync(new RejectDelivery("cmd-x", "ORD-1", TestHost.Buyer, "The report is incomplete."));
        await host.DeliverAsync();
        var before = await host.SnapshotAsync();

        var differentReason = await host.RunAsync(new RejectDelivery("cmd-x", "ORD-1", TestHost.Buyer, "Another reason."));
        var differentAction = await host.RunAsync(new AcceptDelivery("cmd-x", "ORD-1", TestHost.Buyer));

        differentReason.ShouldBeRefused(SupervisionErrorCode.Conflict).Reason.Should().Be("CommandIdReused");
        differentAction.ShouldBeRefused(SupervisionErrorCode.Conflict).Reason.Should().Be("CommandIdReused");
        (await host.SnapshotAsync()).Should().Be(before);
        (await host.FlowAsync()).DeliveryRejections.Should().Be(1);
    }

    [Fact]
    public async Task R30_a_refused_command_may_be_sent_again_with_the_same_id_once_it_is_permitted()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var command = new SendReminder("remind-1", "ORD-1", TestHost.Buyer);
        await host.MustAsync(new SendReminder("remind-0", "ORD-1", TestHost.Buyer));

        var refused = await host.RunAsync(command);
        host.Clock.Advance(Duration.FromHours(24));
        var accepted = await host.RunAsync(command);

        refused.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        accepted.ShouldSucceed().IsReplay.Should().BeFalse();
    }

    [Fact]
    public async Task R30_the_same_command_sent_twice_at_the_same_moment_applies_once()
    {
        var store = new RendezvousStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.Delivered);
        var command = new RejectDelivery("reject-twice", "ORD-1", TestHost.Buyer, "The report is incomplete.");
        store.Arm(2);

        var results = await Task.WhenAll(
            Task.Run(async () => await host.RunAsync(command)),
            Task.Run(async () => await host.RunAsync(command)));

        results.Should().OnlyContain(r => r.IsSuccess, "the second is a retry and returns the first outcome");
        results.Count(r => r.Value.IsReplay).Should().Be(1);
        results[0].Value.RecordSequence.Should().Be(results[1].Value.RecordSequence);
        (await host.FlowAsync()).DeliveryRejections.Should().Be(1);
        (await host.RecordsAsync()).Count(r => r.Action == SupervisionAction.RejectDelivery).Should().Be(1);
    }

    [Fact]
    public async Task R30_a_retry_whose_lookup_ran_just_before_the_original_saved_still_returns_the_first_outcome()
    {
        var store = new RendezvousStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var command = new ReturnRequest("return-slow", "ORD-1", TestHost.Seller, "Missing the target version.");
        var first = await host.MustAsync(command);
        var afterFirst = await host.SnapshotAsync();
        store.HideOutcomeOnce(command.CommandId); // the retry looked the id up before the original was saved

        var retry = await host.RunAsync(command);

        retry.ShouldSucceed("a retry returns the first outcome (R30)").IsReplay.Should().BeTrue();
        retry.Value.RecordSequence.Should().Be(first.RecordSequence);
        (await host.SnapshotAsync()).Should().Be(afterFirst);
        (await host.FlowAsync()).RequestRejections.Should().Be(1);
    }

    // ---------------------------------------------------------------- R31

    [Fact]
    public async Task R31_two_parallel_delivery_rejections_never_both_apply()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var version = (await host.FlowAsync()).Version;

        var results = await Task.WhenAll(
            Task.Run(async () => await host.RunAsync(new RejectDelivery("race-a", "ORD-1", TestHost.Buyer, "Reason A."))),
            Task.Run(async () => await host.RunAsync(new RejectDelivery("race-b", "ORD-1", TestHost.Buyer, "Reason B."))));

        results.Count(r => r.IsSuccess).Should().Be(1);
        results.Single(r => !r.IsSuccess).Error!.Code.Should().BeOneOf(SupervisionErrorCode.Conflict, SupervisionErrorCode.NotPermittedInStage);
        results.Single(r => r.IsSuccess).Value.FlowVersion.Should().Be(version + 1);
        var flow = await host.FlowAsync();
        flow.DeliveryRejections.Should().Be(1);
        flow.Version.Should().Be(version + 1);
        (await host.RecordsAsync()).Count(r => r.Action == SupervisionAction.RejectDelivery).Should().Be(1);
    }

    [Fact]
    public async Task R31_two_request_rejections_that_read_the_same_version_never_both_apply()
    {
        var store = new RendezvousStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var version = (await host.FlowAsync()).Version;
        store.Arm(2);

        var results = await Task.WhenAll(
            Task.Run(async () => await host.RunAsync(new ReturnRequest("race-a", "ORD-1", TestHost.Seller, "Reason A."))),
            Task.Run(async () => await host.RunAsync(new ReturnRequest("race-b", "ORD-1", TestHost.Seller, "Reason B."))));

        store.VersionConflicts.Should().BeGreaterThanOrEqualTo(1, "both commands read the same version");
        results.Count(r => r.IsSuccess).Should().Be(1);
        results.Single(r => !r.IsSuccess).Error!.Code.Should().BeOneOf(SupervisionErrorCode.Conflict, SupervisionErrorCode.NotPermittedInStage);
        var flow = await host.FlowAsync();
        flow.Version.Should().Be(version + 1);
        flow.RequestRejections.Should().Be(1);
        var records = await host.RecordsAsync();
        records.Count(r => r.Action == SupervisionAction.ReturnRequest).Should().Be(1);
        records[^1].CommandId.Should().Be(results.Single(r => r.IsSuccess).Value.CommandId);
    }

    [Fact]
    public async Task R31_two_racing_progress_updates_both_apply_on_successive_versions_and_nothing_is_lost()
    {
        var store = new RendezvousStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.InService);
        var version = (await host.FlowAsync()).Version;
        var recordsBefore = (await host.RecordsAsync()).Count;
        store.Arm(2);

        var results = await Task.WhenAll(
            Task.Run(async () => await host.RunAsync(new PostProgressUpdate("upd-a", "ORD-1", TestHost.Seller, "Update A."))),
            Task.Run(async () => await host.RunAsync(new PostProgressUpdate("upd-b", "ORD-1", TestHost.Seller, "Update B."))));

        store.VersionConflicts.Should().BeGreaterThanOrEqualTo(1, "both commands read the same version");
        results.Should().OnlyContain(r => r.IsSuccess, "the loser is re-checked and is still permitted");
        results.Select(r => r.Value.FlowVersion).Should().BeEquivalentTo([version + 1, version + 2]);
        (await host.FlowAsync()).Version.Should().Be(version + 2);
        var records = await host.RecordsAsync();
        records.Should().HaveCount(recordsBefore + 2);
        records.Where(r => r.Action == SupervisionAction.PostProgressUpdate).Select(r => r.Text).Should().BeEquivalentTo(["Update A.", "Update B."]);
    }

    [Fact]
    public async Task R31_a_reminder_and_a_progress_update_racing_both_apply()
    {
        var store = new RendezvousStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.InService);
        store.Arm(2);

        var results = await Task.WhenAll(
            Task.Run(async () => await host.RunAsync(host.Reminder())),
            Task.Run(async () => await host.RunAsync(host.Progress())));

        results.Should().OnlyContain(r => r.IsSuccess);
        var flow = await host.FlowAsync();
        flow.LastReminderAt.Should().NotBeNull("the reminder is not lost");
        flow.IdleSince.Should().Be(host.Clock.GetCurrentInstant(), "the update is not lost");
        (await host.RecordsAsync()).Select(r => r.Action).Should().Contain([SupervisionAction.SendReminder, SupervisionAction.PostProgressUpdate]);
    }

    // ---------------------------------------------------------------- R33

    private static readonly Instant ProcessChange = Instant.FromUtc(2025, 3, 26, 0, 0);

    private static TestHost TwoPolicyHost()
    {
        var old = new SupervisionPolicy
        {
            Version = "2024",
            EffectiveFrom = Instant.MinValue,
            SellerAppeal = SellerAppealRule.MirrorBuyerConditions,
        };
        var current = new SupervisionPolicy
        {
            Version = "2025-03-26",
            EffectiveFrom = ProcessChange,
        };
        return new TestHost(old, null, current);
    }

    [Fact]
    public async Task R33_a_flow_keeps_the_policy_in_force_at_placement_and_both_run_side_by_side()
    {
        var host = TwoPolicyHost();
        var before = await host.CreateAsync(TestHost.Order("ORD-OLD", placedAt: Instant.FromUtc(2025, 3, 1, 12, 0)));
        var after = await host.CreateAsync(TestHost.Order("ORD-NEW", placedAt: Instant.FromUtc(2026, 3, 1, 12, 0)));

        before.PolicyVersion.Should().Be("2024");
        after.PolicyVersion.Should().Be("2025-03-26");

        var oldAppeal = await host.RunAsync(host.SellerAppeal("ORD-OLD"));
        var newAppeal = await host.RunAsync(host.SellerAppeal("ORD-NEW"));

        oldAppeal.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet)
            .Conditions.Select(c => c.Condition).Should().Contain("BuyerStalled");
        newAppeal.ShouldSucceed();
        (await host.FlowAsync("ORD-OLD")).IsFrozen.Should().BeFalse();
        (await host.FlowAsync("ORD-NEW")).IsFrozen.Should().BeTrue();
    }

    [Fact]
    public async Task R33_the_creation_record_of_each_flow_names_the_policy_version_it_keeps()
    {
        var host = TwoPolicyHost();
        await host.CreateAsync(TestHost.Order("ORD-OLD", placedAt: Instant.FromUtc(2025, 3, 1, 12, 0)));
        await host.CreateAsync(TestHost.Order("ORD-NEW", placedAt: Instant.FromUtc(2026, 3, 1, 12, 0)));

        var oldRecords = await host.Store.ReadRecordsAsync("ORD-OLD", CancellationToken.None);
        var newRecords = await host.Store.ReadRecordsAsync("ORD-NEW", CancellationToken.None);

        oldRecords[0].Fields.Should().Equal(new Dictionary<string, string> { ["$policyVersion"] = "2024" });
        newRecords[0].Fields.Should().Equal(new Dictionary<string, string> { ["$policyVersion"] = "2025-03-26" });
    }

    [Fact]
    public async Task R33_a_new_policy_applies_from_its_start_instant()
    {
        var host = TwoPolicyHost();

        var justBefore = await host.CreateAsync(TestHost.Order("ORD-A", placedAt: ProcessChange - Duration.FromTicks(1)));
        var atStart = await host.CreateAsync(TestHost.Order("ORD-B", placedAt: ProcessChange));

        justBefore.PolicyVersion.Should().Be("2024");
        atStart.PolicyVersion.Should().Be("2025-03-26");
        host.Supervisor.PolicyFor(ProcessChange - Duration.FromTicks(1))!.Version.Should().Be("2024");
        host.Supervisor.PolicyFor(ProcessChange)!.Version.Should().Be("2025-03-26");
    }

    [Fact]
    public async Task R33_the_old_flow_keeps_the_old_rules_for_its_whole_life()
    {
        var host = TwoPolicyHost(); // the clock (2026) is long past the change of 2025-03-26
        await host.CreateAsync(TestHost.Order("ORD-OLD", ProductKind.License, Instant.FromUtc(2025, 3, 1, 12, 0)));
        await host.CreateAsync(TestHost.Order("ORD-NEW", ProductKind.License, Instant.FromUtc(2026, 3, 1, 12, 0)));
        await host.DeliverAsync("ORD-OLD");
        await host.DeliverAsync("ORD-NEW");
        host.Clock.Advance(Duration.FromDays(1));

        var oldEarly = await host.RunAsync(host.SellerAppeal("ORD-OLD"));
        var newEarly = await host.RunAsync(host.SellerAppeal("ORD-NEW"));

        oldEarly.ShouldBeRefused(SupervisionErrorCode.ConditionNotMet);
        newEarly.ShouldSucceed();

        host.Clock.Advance(Duration.FromDays(4) + Duration.FromTicks(1));
        var oldLate = await host.RunAsync(host.SellerAppeal("ORD-OLD"));

        oldLate.ShouldSucceed("under the old rules the seller may appeal once the buyer has stalled");
        (await host.FlowAsync("ORD-OLD")).PolicyVersion.Should().Be("2024");
    }

    [Fact]
    public async Task R33_numbers_differ_per_version_side_by_side()
    {
        var old = new SupervisionPolicy { Version = "old", EffectiveFrom = Instant.MinValue, CompletionDelay = Duration.FromHours(24) };
        var current = new SupervisionPolicy { Version = "new", EffectiveFrom = ProcessChange };
        var host = new TestHost(old, null, current);
        await host.CreateAsync(TestHost.Order("ORD-OLD", ProductKind.License, ProcessChange - Duration.FromDays(10)));
        await host.CreateAsync(TestHost.Order("ORD-NEW", ProductKind.License, ProcessChange + Duration.FromDays(10)));
        foreach (var order in new[] { "ORD-OLD", "ORD-NEW" })
        {
            await host.DeliverAsync(order);
            await host.AcceptDeliveryAsync(order);
        }

        host.Clock.Advance(Duration.FromHours(3));
        await host.Supervisor.ApplyDueTimersAsync();

        (await host.FlowAsync("ORD-NEW")).Stage.Should().Be(Stage.Completed);
        (await host.FlowAsync("ORD-OLD")).Stage.Should().Be(Stage.Accepted);

        host.Clock.Advance(Duration.FromHours(21));
        await host.Supervisor.ApplyDueTimersAsync();
        (await host.FlowAsync("ORD-OLD")).Stage.Should().Be(Stage.Completed);
    }

    [Fact]
    public async Task R33_an_order_placed_before_every_policy_when_the_default_is_cleared_gets_no_flow_and_is_told_what_to_do()
    {
        var host = new TestHost(new SupervisionPolicy { Version = "only", EffectiveFrom = ProcessChange });
        var supervisor = new ServiceSupervisor(host.Store, host.Clock, new ServiceSupervisionOptions
        {
            IncludeDefaultPolicy = false,
            Policies = { new SupervisionPolicy { Version = "only", EffectiveFrom = ProcessChange } },
        });

        var result = await supervisor.CreateFlowAsync(TestHost.Order(placedAt: ProcessChange - Duration.FromDays(1)));

        var error = result.ShouldBeRefused(SupervisionErrorCode.Validation);
        error.Reason.Should().Be(SupervisionErrorReason.NoPolicyInForce);
        error.Fields.Should().Contain(f => f.Field == nameof(NewServiceFlow.PlacedAt));
        error.Message.Should().Contain("'only'").And.Contain("IncludeDefaultPolicy");
    }

    [Fact]
    public async Task R33_an_order_placed_before_a_registered_default_is_told_to_rename_it_not_to_set_the_option_already_set()
    {
        // Before: the advice was to set IncludeDefaultPolicy to true, which it was; the registered "default" replaced the built-in one.
        var host = new TestHost(new SupervisionPolicy { Version = "default", EffectiveFrom = ProcessChange });

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order(placedAt: ProcessChange - Duration.FromDays(10)));

        var error = result.ShouldBeRefused(SupervisionErrorCode.Validation);
        error.Reason.Should().Be(SupervisionErrorReason.NoPolicyInForce);
        error.Message.Should().Contain("give the registered policy 'default' another version name").And.NotContain("IncludeDefaultPolicy to true");
    }

    [Fact]
    public async Task R33_adding_a_later_policy_keeps_the_built_in_default_for_earlier_orders()
    {
        var host = new TestHost(new SupervisionPolicy { Version = "only", EffectiveFrom = ProcessChange });

        var early = await host.Supervisor.CreateFlowAsync(TestHost.Order("ORD-EARLY", placedAt: ProcessChange - Duration.FromDays(1)));
        var late = await host.Supervisor.CreateFlowAsync(TestHost.Order("ORD-LATE", placedAt: ProcessChange));

        early.GetValueOrThrow().PolicyVersion.Should().Be(SupervisionPolicy.Default.Version, "the built-in default stays unless it is cleared");
        late.GetValueOrThrow().PolicyVersion.Should().Be("only");
    }

    [Fact]
    public void R33_a_policy_from_the_beginning_of_time_takes_the_place_of_the_built_in_default()
    {
        var host = new TestHost(new SupervisionPolicy { Version = "mine" });

        host.Supervisor.PolicyFor(Instant.MinValue)!.Version.Should().Be("mine");
    }

    [Fact]
    public void R33_no_policy_at_all_with_the_default_cleared_is_an_option_error_saying_what_to_do()
    {
        var options = new ServiceSupervisionOptions { IncludeDefaultPolicy = false };

        var validate = options.Validate;

        validate.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(ServiceSupervisionOptions.IncludeDefaultPolicy));
    }
}
