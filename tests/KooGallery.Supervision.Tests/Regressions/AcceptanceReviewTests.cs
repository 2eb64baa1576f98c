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
}
