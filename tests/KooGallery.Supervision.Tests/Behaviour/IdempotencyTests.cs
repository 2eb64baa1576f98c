using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>R30: a command repeated with the same id returns the first outcome and has no second effect.</summary>
public class IdempotencyTests
{
    public static TheoryData<SupervisionAction> Actions() => new(Scenario.CommandActions);

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task R30_ExecuteAsync_SameCommandIdTwice_SecondIsReplayWithSameOutcomeAndNoSecondEffect(SupervisionAction action)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, action);
        var actor = Scenario.RightfulActor(action);
        var before = await host.SnapshotAsync();

        var first = await host.RunAsync(Scenario.Command(action, "retry-1", actor));
        first.IsSuccess.Should().BeTrue(first.ToString());
        var afterFirst = await host.SnapshotAsync();

        // A retry is a new, equal command object with the same id, as a caller would rebuild it.
        var second = await host.RunAsync(Scenario.Command(action, "retry-1", actor));

        second.IsSuccess.Should().BeTrue(second.ToString());
        first.Value.IsReplay.Should().BeFalse();
        second.Value.IsReplay.Should().BeTrue();
        second.Value.CommandId.Should().Be("retry-1");
        second.Value.Action.Should().Be(action);
        second.Value.FlowVersion.Should().Be(first.Value.FlowVersion);
        second.Value.RecordSequence.Should().Be(first.Value.RecordSequence);
        second.Value.StageBefore.Should().Be(first.Value.StageBefore);
        second.Value.StageAfter.Should().Be(first.Value.StageAfter);
        second.Value.At.Should().Be(first.Value.At);

        afterFirst.Flow!.Version.Should().Be(before.Flow!.Version + 1);
        afterFirst.RecordCount.Should().Be(before.RecordCount + 1);
        await host.ShouldBeUnchangedAsync(afterFirst);

        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);
        records.Count(r => r.CommandId == "retry-1").Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task R30_ExecuteAsync_SameCommandIdAfterTimeAndFurtherCommands_StillReplaysTheFirstOutcome(SupervisionAction action)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, action);
        var actor = Scenario.RightfulActor(action);
        var first = await host.MustAsync(Scenario.Command(action, "retry-late", actor));
        host.Clock.Advance(Duration.FromHours(1));

        var retry = await host.RunAsync(Scenario.Command(action, "retry-late", actor));

        retry.IsSuccess.Should().BeTrue(retry.ToString());
        retry.Value.Should().Be(first with { IsReplay = true });
    }

    [Fact]
    public async Task R30_ReturnRequest_RetriedAfterBuyerResubmitted_NeverCountsTwice()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var reject = new ReturnRequest("reject-1", "ORD-1", TestHost.Seller, "Missing the target version.");
        var first = await host.MustAsync(reject);
        await host.SubmitAsync(); // RequestSubmitted again: the same rejection would now be permitted
        var before = await host.SnapshotAsync();

        var retry = await host.RunAsync(reject);

        retry.IsSuccess.Should().BeTrue(retry.ToString());
        retry.Value.IsReplay.Should().BeTrue();
        retry.Value.FlowVersion.Should().Be(first.FlowVersion);
        await host.ShouldBeUnchangedAsync(before);
        var flow = await host.FlowAsync();
        flow.RequestRejections.Should().Be(1);
        flow.Stage.Should().Be(Stage.RequestSubmitted);
    }

    [Fact]
    public async Task R30_RejectDelivery_RetriedAfterSellerDeliveredAgain_NeverCountsTwice()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var reject = new RejectDelivery("reject-d", "ORD-1", TestHost.Buyer, "The report is incomplete.");
        await host.MustAsync(reject);
        await host.DeliverAsync(); // Delivered again
        var before = await host.SnapshotAsync();

        var first = await host.RunAsync(reject);
        var second = await host.RunAsync(reject);

        first.Value.IsReplay.Should().BeTrue();
        second.Value.IsReplay.Should().BeTrue();
        await host.ShouldBeUnchangedAsync(before);
        var flow = await host.FlowAsync();
        flow.DeliveryRejections.Should().Be(1);
        flow.Stage.Should().Be(Stage.Delivered);
    }

    [Fact]
    public async Task R30_ReturnRequest_RetriedFiveTimes_CountsOnceAndAppendsOneRecordAndOneEvent()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var reject = new ReturnRequest("reject-5", "ORD-1", TestHost.Seller, "Missing the target version.");

        var results = new List<SupervisionResult<CommandOutcome>>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await host.RunAsync(reject));
        }

        results.Should().OnlyContain(r => r.IsSuccess);
        results.Count(r => !r.Value.IsReplay).Should().Be(1);
        results.Select(r => r.Value.FlowVersion).Distinct().Should().ContainSingle();
        var flow = await host.FlowAsync();
        flow.RequestRejections.Should().Be(1);
        flow.Version.Should().Be(3);
        (await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None)).Should().HaveCount(3);
        host.Events.Received.Count(e => e.Kind == SupervisionEventKind.RequestReturned).Should().Be(1);
    }

    [Fact]
    public async Task R30_DecideAppeal_RetriedAfterTheFlowMovedOn_DoesNotDecideTheNextAppeal()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        var decide = new DecideAppeal("decide-1", "ORD-1", TestHost.Manager, "Resumed after review.", AppealOutcome.Resume);
        await host.MustAsync(decide);
        await host.SellerAppealAsync(); // a second, new appeal is open now
        var before = await host.SnapshotAsync();

        var retry = await host.RunAsync(decide);

        retry.Value.IsReplay.Should().BeTrue();
        await host.ShouldBeUnchangedAsync(before);
        (await host.FlowAsync()).IsFrozen.Should().BeTrue("the retry of the first decision must not decide the second appeal");
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task R30_ExecuteAsync_SameIdWithDifferentText_IsConflictCommandIdReusedAndChangesNothing(SupervisionAction action)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, action);
        var actor = Scenario.RightfulActor(action);
        await host.MustAsync(Scenario.Command(action, "reused-1", actor));
        var before = await host.SnapshotAsync();

        var reused = await host.RunAsync(Scenario.Command(action, "reused-1", actor, text: "A different text entirely."));

        reused.IsSuccess.Should().BeFalse();
        reused.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        reused.Error.Reason.Should().Be("CommandIdReused");
        reused.Error.Message.Should().Contain("reused-1");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task R30_ExecuteAsync_SameIdForADifferentAction_IsConflictCommandIdReusedAndChangesNothing(SupervisionAction action)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, action);
        await host.MustAsync(Scenario.Command(action, "reused-2", Scenario.RightfulActor(action)));
        var before = await host.SnapshotAsync();

        // A command that would otherwise be permitted now or not: the reuse is refused before anything else.
        foreach (var other in Scenario.CommandActions.Where(a => a != action))
        {
            var reused = await host.RunAsync(Scenario.Command(other, "reused-2", Scenario.RightfulActor(other)));

            reused.IsSuccess.Should().BeFalse($"{other} reuses the id of {action}");
            reused.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
            reused.Error.Reason.Should().Be("CommandIdReused");
        }

        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R30_ExecuteAsync_SameIdOnAnotherFlow_IsAnotherCommand()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService, "ORD-1");
        await host.FlowInStageAsync(Stage.InService, "ORD-2");
        var first = await host.MustAsync(new PostProgressUpdate("shared-id", "ORD-1", TestHost.Seller, "Started."));

        var second = await host.RunAsync(new PostProgressUpdate("shared-id", "ORD-2", TestHost.Seller, "Started."));

        second.IsSuccess.Should().BeTrue("an id names a command on its flow; the same id on another flow is another command (R30)");
        second.Value.IsReplay.Should().BeFalse();
        second.Value.OrderNumber.Should().Be("ORD-2");
        first.OrderNumber.Should().Be("ORD-1");
        (await host.Store.ReadRecordsAsync("ORD-2", CancellationToken.None)).Should().Contain(r => r.CommandId == "shared-id");
    }

    [Fact]
    public async Task R30_ExecuteAsync_SameIdOnTheSameFlowForAnotherCommand_IsConflictCommandIdReused()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService, "ORD-1");
        await host.MustAsync(new PostProgressUpdate("shared-id", "ORD-1", TestHost.Seller, "Started."));
        var before = await host.SnapshotAsync("ORD-1");

        var reused = await host.RunAsync(new PostProgressUpdate("shared-id", "ORD-1", TestHost.Seller, "Half done."));

        reused.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        reused.Error.Reason.Should().Be("CommandIdReused");
        await host.ShouldBeUnchangedAsync(before, "ORD-1");
    }

    [Fact]
    public async Task R30_DecideAppeal_SameIdWithAnotherOutcome_IsConflictCommandIdReused()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();
        await host.MustAsync(new DecideAppeal("decide-x", "ORD-1", TestHost.Manager, "Decided.", AppealOutcome.Resume));
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var close = await host.RunAsync(new DecideAppeal("decide-x", "ORD-1", TestHost.Manager, "Decided.", AppealOutcome.Close));
        var returnTo = await host.RunAsync(new DecideAppeal("decide-x", "ORD-1", TestHost.Manager, "Decided.", AppealOutcome.ReturnTo, Stage.InService));
        var reset = await host.RunAsync(new DecideAppeal("decide-x", "ORD-1", TestHost.Manager, "Decided.", AppealOutcome.Resume, ResetRejectionCounts: true));

        foreach (var result in new[] { close, returnTo, reset })
        {
            result.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
            result.Error.Reason.Should().Be("CommandIdReused");
        }

        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R30_ExecuteAsync_SameIdByAnotherActor_IsConflictCommandIdReused()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestReturned);
        await host.MustAsync(new OpenAppeal("appeal-1", "ORD-1", TestHost.Seller, "The buyer does not answer."));
        var before = await host.SnapshotAsync();

        var reused = await host.RunAsync(new OpenAppeal("appeal-1", "ORD-1", TestHost.Buyer, "The buyer does not answer."));

        reused.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        reused.Error.Reason.Should().Be("CommandIdReused");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R30_Deliver_SameIdWithDifferentProofs_IsConflictCommandIdReused()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.MustAsync(new Deliver("deliver-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        var before = await host.SnapshotAsync();

        var otherSow = await host.RunAsync(new Deliver("deliver-1", "ORD-1", TestHost.Seller,
            new ProofReference("Statement of work", "https://files.example/sow-v2.pdf"), TestHost.AcceptanceDoc));
        var moreProofs = await host.RunAsync(new Deliver("deliver-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            FurtherProofs: [new ProofReference("Test log", "https://files.example/log.txt")]));
        var enabling = await host.RunAsync(new Deliver("deliver-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            EnablingInstant: TestHost.Start));

        foreach (var result in new[] { otherSow, moreProofs, enabling })
        {
            result.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
            result.Error.Reason.Should().Be("CommandIdReused");
        }

        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R30_Deliver_SameIdWithAFurtherProofMovedIntoACriterion_IsConflictCommandIdReused()
    {
        // A further proof ("Report", uri) and an acceptance criterion "Report" = uri are different commands;
        // the retry check must not mistake one for the other.
        var host = new TestHost();
        await host.CreateAsync(TestHost.Order() with { DeliveryTemplate = [new TemplateField("Report", Required: false)] });
        await host.SubmitAsync();
        await host.AcceptRequestAsync();
        await host.MustAsync(new Deliver("deliver-2", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            FurtherProofs: [new ProofReference("Report", "https://files.example/report.pdf")]));
        var before = await host.SnapshotAsync();

        var moved = await host.RunAsync(new Deliver("deliver-2", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            Criteria: new Dictionary<string, string> { ["Report"] = "https://files.example/report.pdf" }));

        moved.IsSuccess.Should().BeFalse("the second command has no further proof and a criterion the first did not have");
        moved.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        moved.Error.Reason.Should().Be("CommandIdReused");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R30_RefusedCommand_IdIsNotTaken_ARetryAfterTheCauseIsFixedApplies()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var reminder = new SendReminder("remind-1", "ORD-1", TestHost.Buyer);
        await host.MustAsync(new SendReminder("remind-0", "ORD-1", TestHost.Buyer));

        var refused = await host.RunAsync(reminder);
        host.Clock.Advance(Duration.FromHours(24));
        var applied = await host.RunAsync(reminder);

        refused.Error!.Code.Should().Be(SupervisionErrorCode.ConditionNotMet);
        applied.IsSuccess.Should().BeTrue(applied.ToString());
        applied.Value.IsReplay.Should().BeFalse("a refused command stored no outcome under its id");
    }

    [Fact]
    public async Task R30_CreateFlowAsync_SameOrderTwice_ReturnsTheExistingFlowWithoutDuplicating()
    {
        var host = new TestHost();
        var first = await host.CreateAsync();
        var before = await host.SnapshotAsync();

        var again = await host.Supervisor.CreateFlowAsync(TestHost.Order());

        again.IsSuccess.Should().BeTrue();
        again.Value.Version.Should().Be(first.Version);
        await host.ShouldBeUnchangedAsync(before);
    }
}
