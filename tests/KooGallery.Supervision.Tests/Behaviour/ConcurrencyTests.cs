using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>R31: commands racing on one flow never both apply on one version, and no update is lost.</summary>
public class ConcurrencyTests
{
    private static async Task<SupervisionResult<CommandOutcome>[]> RaceAsync(ServiceSupervisor supervisor, IEnumerable<SupervisionCommand> commands)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = commands.Select(command => Task.Run(async () =>
        {
            await start.Task;
            return await supervisor.ExecuteAsync(command);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static async Task AssertGapFreeAsync(TestHost host, string orderNumber, long expectedVersion)
    {
        var flow = await host.FlowAsync(orderNumber);
        var records = await host.Store.ReadRecordsAsync(orderNumber, CancellationToken.None);
        records.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), "records are gap-free and in order");
        flow.LastSequence.Should().Be(records.Count);
        flow.Version.Should().Be(expectedVersion);
        for (var i = 1; i < records.Count; i++)
        {
            records[i].StageBefore.Should().Be(records[i - 1].StageAfter, "each record starts where the previous one ended");
        }
    }

    [Fact]
    public async Task R31_ReturnRequest_TwoRacingOnRequestSubmitted_ExactlyOneAppliesAndCountsOnce()
    {
        var host = new TestHost();
        for (var round = 0; round < 20; round++)
        {
            var order = "ORD-R" + round;
            await host.FlowInStageAsync(Stage.RequestSubmitted, order);

            var results = await RaceAsync(host.Supervisor,
            [
                new ReturnRequest("a-" + round, order, TestHost.Seller, "Missing the target version."),
                new ReturnRequest("b-" + round, order, TestHost.Seller, "Missing the source version."),
            ]);

            results.Count(r => r.IsSuccess).Should().Be(1, "only one return can apply to the one submitted request");
            var loser = results.Single(r => !r.IsSuccess).Error!;
            loser.Code.Should().BeOneOf(SupervisionErrorCode.NotPermittedInStage, SupervisionErrorCode.Conflict);
            var flow = await host.FlowAsync(order);
            flow.RequestRejections.Should().Be(1);
            flow.Stage.Should().Be(Stage.RequestReturned);
            results.Single(r => r.IsSuccess).Value.FlowVersion.Should().Be(3);
            await AssertGapFreeAsync(host, order, 3);
            (await host.Store.ReadRecordsAsync(order, CancellationToken.None)).Count(r => r.Action == SupervisionAction.ReturnRequest).Should().Be(1);
        }
    }

    [Fact]
    public async Task R31_AcceptRequestAndReturnRequest_Racing_ExactlyOneAppliesAndTheFlowMatchesTheWinner()
    {
        var host = new TestHost();
        for (var round = 0; round < 20; round++)
        {
            var order = "ORD-AR" + round;
            await host.FlowInStageAsync(Stage.RequestSubmitted, order);

            var results = await RaceAsync(host.Supervisor,
            [
                new AcceptRequest("accept-" + round, order, TestHost.Seller),
                new ReturnRequest("return-" + round, order, TestHost.Seller, "Missing the target version."),
            ]);

            results.Count(r => r.IsSuccess).Should().Be(1);
            var winner = results.Single(r => r.IsSuccess).Value;
            var flow = await host.FlowAsync(order);
            flow.Stage.Should().Be(winner.StageAfter);
            flow.RequestRejections.Should().Be(winner.Action == SupervisionAction.ReturnRequest ? 1 : 0);
            results.Single(r => !r.IsSuccess).Error!.Code.Should().BeOneOf(SupervisionErrorCode.NotPermittedInStage, SupervisionErrorCode.Conflict);
            await AssertGapFreeAsync(host, order, 3);
        }
    }

    [Fact]
    public async Task R31_PostProgressUpdate_EightRacingWithEnoughAttempts_AllApplyOnContiguousVersions()
    {
        // Each lost race means another command won, so with 8 commands 8 attempts always suffice.
        var host = new TestHost();
        var supervisor = new ServiceSupervisor(host.Store, host.Clock, new ServiceSupervisionOptions { MaxCommandAttempts = 8 }, [host.Events]);
        await host.FlowInStageAsync(Stage.InService);
        var versionBefore = (await host.FlowAsync()).Version;

        var results = await RaceAsync(supervisor,
            Enumerable.Range(1, 8).Select(i => new PostProgressUpdate("update-" + i, "ORD-1", TestHost.Seller, "Update " + i)));

        results.Should().OnlyContain(r => r.IsSuccess, "a lost race is retried while the update is still permitted");
        results.Select(r => r.Value.FlowVersion).Order().Should().Equal(Enumerable.Range(1, 8).Select(i => versionBefore + i), "exactly one command applies per version");
        results.Select(r => r.Value.RecordSequence).Should().OnlyHaveUniqueItems();
        await AssertGapFreeAsync(host, "ORD-1", versionBefore + 8);
        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);
        records.Where(r => r.Action == SupervisionAction.PostProgressUpdate).Select(r => r.CommandId)
            .Should().BeEquivalentTo(Enumerable.Range(1, 8).Select(i => "update-" + i), "no update is lost");
        foreach (var result in results)
        {
            records.Single(r => r.Sequence == result.Value.RecordSequence).CommandId.Should().Be(result.Value.CommandId);
        }
    }

    [Fact]
    public async Task R31_PostProgressUpdate_EightRacingWithDefaultAttempts_NoneLostAndConflictsAreSafeToRetry()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var versionBefore = (await host.FlowAsync()).Version;
        var commands = Enumerable.Range(1, 8).Select(i => new PostProgressUpdate("update-" + i, "ORD-1", TestHost.Seller, "Update " + i)).ToArray();

        var results = await RaceAsync(host.Supervisor, commands);

        // Either applied (after the library's own retries) or a VersionConflict the caller may retry with the same id.
        foreach (var refused in results.Where(r => !r.IsSuccess))
        {
            refused.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
            refused.Error.Reason.Should().Be("VersionConflict");
        }

        var applied = results.Where(r => r.IsSuccess).Select(r => r.Value).ToList();
        foreach (var (command, result) in commands.Zip(results))
        {
            if (!result.IsSuccess)
            {
                var retried = await host.RunAsync(command);
                retried.IsSuccess.Should().BeTrue(retried.ToString());
                retried.Value.IsReplay.Should().BeFalse("the refused attempt stored no outcome");
                applied.Add(retried.Value);
            }
        }

        applied.Select(o => o.FlowVersion).Order().Should().Equal(Enumerable.Range(1, 8).Select(i => versionBefore + i));
        await AssertGapFreeAsync(host, "ORD-1", versionBefore + 8);
        (await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None)).Count(r => r.Action == SupervisionAction.PostProgressUpdate).Should().Be(8);
    }

    [Fact]
    public async Task R31_BuyerAndSeller_RacingPermittedActions_BothApplyOnDifferentVersions()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);

        var results = await RaceAsync(host.Supervisor,
        [
            new SendReminder("remind", "ORD-1", TestHost.Buyer, "Any news?"),
            new PostProgressUpdate("update", "ORD-1", TestHost.Seller, "Half done."),
        ]);

        results.Should().OnlyContain(r => r.IsSuccess);
        results.Select(r => r.Value.FlowVersion).Order().Should().Equal(4L, 5L);
        var flow = await host.FlowAsync();
        flow.LastReminderAt.Should().NotBeNull("the reminder was not lost");
        await AssertGapFreeAsync(host, "ORD-1", 5);
    }

    [Fact]
    public async Task R30_R31_ReturnRequest_SixteenParallelRetriesOfOneCommandId_ExactlyOneEffect()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var reject = new ReturnRequest("same-id", "ORD-1", TestHost.Seller, "Missing the target version.");

        var results = await RaceAsync(host.Supervisor, Enumerable.Repeat<SupervisionCommand>(reject, 16));

        results.Count(r => r.IsSuccess && !r.Value.IsReplay).Should().Be(1, "the command applied once");
        results.Where(r => r.IsSuccess).Select(r => r.Value.FlowVersion).Distinct().Should().Equal(3L);
        var flow = await host.FlowAsync();
        flow.RequestRejections.Should().Be(1, "a retried rejection never counts twice");
        await AssertGapFreeAsync(host, "ORD-1", 3);
        host.Events.Received.Count(e => e.Kind == SupervisionEventKind.RequestReturned).Should().Be(1);
    }

    [Fact]
    public async Task R30_R31_PostProgressUpdate_SixteenParallelRetriesOfOneCommandId_AllReturnTheOneOutcome()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var update = new PostProgressUpdate("same-update", "ORD-1", TestHost.Seller, "Half done.");

        var results = await RaceAsync(host.Supervisor, Enumerable.Repeat<SupervisionCommand>(update, 16));

        results.Should().OnlyContain(r => r.IsSuccess);
        results.Count(r => !r.Value.IsReplay).Should().Be(1);
        results.Select(r => (r.Value.FlowVersion, r.Value.RecordSequence)).Distinct().Should().ContainSingle();
        await AssertGapFreeAsync(host, "ORD-1", 4);
        (await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None)).Count(r => r.CommandId == "same-update").Should().Be(1);
    }

    [Fact]
    public async Task R31_ReturnRequest_LostRaceOnALoadedVersion_IsRecheckedAndRefusedAsAConflict()
    {
        var store = new GatedStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var pause = store.PauseNextLoad();

        // B loads version 2 and is held; A applies on version 2 -> 3; B then loses its save and is re-checked.
        var b = host.Supervisor.ExecuteAsync(new ReturnRequest("b", "ORD-1", TestHost.Seller, "Second reason.")).AsTask();
        await pause.Reached;
        var a = await host.RunAsync(new ReturnRequest("a", "ORD-1", TestHost.Seller, "First reason."));
        pause.Release();
        var bResult = await b;

        a.IsSuccess.Should().BeTrue();
        bResult.IsSuccess.Should().BeFalse("both returns loaded version 2; only one may apply");
        bResult.Error!.Code.Should().Be(SupervisionErrorCode.Conflict, "the loser of a race that no longer applies gets a Conflict (R31)");
        bResult.Error.Reason.Should().Be(SupervisionErrorReason.NoLongerApplies);
        bResult.Error.Message.Should().Contain("changed concurrently").And.Contain("not permitted in stage RequestReturned");
        bResult.Error.Stage.Should().Be(Stage.RequestReturned);
        var flow = await host.FlowAsync();
        flow.RequestRejections.Should().Be(1);
        await AssertGapFreeAsync(host, "ORD-1", 3);
    }

    [Fact]
    public async Task R31_R20_ProgressUpdate_LostRaceToAnAppeal_IsRefusedAsFrozenWithItsRetryInstant()
    {
        // The loser keeps the rule that refuses it on the new version: an action while an appeal is open is Frozen.
        var store = new GatedStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.InService);
        var pause = store.PauseNextLoad();

        var b = host.Supervisor.ExecuteAsync(new PostProgressUpdate("b", "ORD-1", TestHost.Seller, "Half done.")).AsTask();
        await pause.Reached;
        var a = await host.RunAsync(new OpenAppeal("a", "ORD-1", TestHost.Seller, "The buyer changed the scope."));
        pause.Release();
        var bResult = await b;

        a.IsSuccess.Should().BeTrue();
        bResult.Error!.Code.Should().Be(SupervisionErrorCode.Frozen);
        bResult.Error.RetryAt.Should().NotBeNull();
    }

    [Fact]
    public async Task R30_R15_A_replay_whose_timer_save_keeps_losing_is_still_the_replay()
    {
        // The caught-up timers of a replay are saved best effort: losing that save never turns the replay into a Conflict.
        var store = new LosingSavesStore(new InMemoryServiceFlowStore());
        var clock = new FakeClock(TestHost.Start);
        var supervisor = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { MaxCommandAttempts = 1 });
        (await supervisor.CreateFlowAsync(TestHost.Order(kind: ProductKind.License))).IsSuccess.Should().BeTrue();
        (await supervisor.ExecuteAsync(new Deliver("d", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc))).IsSuccess.Should().BeTrue();
        var accept = new AcceptDelivery("accept", "ORD-1", TestHost.Buyer);
        (await supervisor.ExecuteAsync(accept)).IsSuccess.Should().BeTrue();
        clock.Advance(Duration.FromHours(4));
        store.LoseSaves = true;

        var retry = await supervisor.ExecuteAsync(accept);

        retry.IsSuccess.Should().BeTrue(retry.Error?.ToString());
        retry.Value.IsReplay.Should().BeTrue();
    }

    /// <summary>Answers every save with a lost race once told to.</summary>
    private sealed class LosingSavesStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        public bool LoseSaves { get; set; }

        public override ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) =>
            LoseSaves ? ValueTask.FromResult(FlowSaveResult.VersionConflict) : Inner.SaveAsync(change, cancellationToken);
    }

    [Fact]
    public async Task R31_PostProgressUpdate_LostRaceOnALoadedVersion_IsRetriedOnTheNewVersion()
    {
        var store = new GatedStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.InService);
        var pause = store.PauseNextLoad();

        var b = host.Supervisor.ExecuteAsync(new PostProgressUpdate("b", "ORD-1", TestHost.Seller, "Second.")).AsTask();
        await pause.Reached;
        var a = await host.MustAsync(new PostProgressUpdate("a", "ORD-1", TestHost.Seller, "First."));
        pause.Release();
        var bResult = await b;

        a.FlowVersion.Should().Be(4);
        bResult.IsSuccess.Should().BeTrue(bResult.ToString());
        bResult.Value.FlowVersion.Should().Be(5, "B lost version 4 and was applied on the next one");
        await AssertGapFreeAsync(host, "ORD-1", 5);
    }

    [Fact]
    public async Task R31_ExecuteAsync_RaceLostMoreOftenThanMaxCommandAttempts_IsConflictVersionConflictAndChangesNothingOfItsOwn()
    {
        var store = new GatedStore();
        var host = new TestHost(store: store);
        var supervisor = new ServiceSupervisor(store, host.Clock, new ServiceSupervisionOptions { MaxCommandAttempts = 1 }, [host.Events]);
        await host.FlowInStageAsync(Stage.InService);
        var pause = store.PauseNextLoad();

        var b = supervisor.ExecuteAsync(new PostProgressUpdate("b", "ORD-1", TestHost.Seller, "Second.")).AsTask();
        await pause.Reached;
        await host.MustAsync(new PostProgressUpdate("a", "ORD-1", TestHost.Seller, "First."));
        var before = await host.SnapshotAsync();
        pause.Release();
        var bResult = await b;

        bResult.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        bResult.Error.Reason.Should().Be("VersionConflict");
        await host.ShouldBeUnchangedAsync(before);
        var retried = await host.RunAsync(new PostProgressUpdate("b", "ORD-1", TestHost.Seller, "Second."));
        retried.Value.IsReplay.Should().BeFalse("the conflicted command stored no outcome, so its retry applies");
        retried.Value.FlowVersion.Should().Be(5);
    }

    [Fact]
    public async Task R30_R31_ReturnRequest_RetryLoadedBeforeTheOriginalSaved_ReturnsTheOriginalOutcome()
    {
        var store = new GatedStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var reject = new ReturnRequest("same", "ORD-1", TestHost.Seller, "Missing the target version.");
        var pause = store.PauseNextLoad();

        var retry = host.Supervisor.ExecuteAsync(reject).AsTask();
        await pause.Reached;
        var original = await host.MustAsync(reject);
        pause.Release();
        var retried = await retry;

        retried.IsSuccess.Should().BeTrue(retried.ToString());
        retried.Value.Should().Be(original with { IsReplay = true });
        (await host.FlowAsync()).RequestRejections.Should().Be(1);
        await AssertGapFreeAsync(host, "ORD-1", 3);
    }

    [Fact]
    public async Task R30_R31_ReturnRequest_RetryThatLookedUpTheIdJustBeforeTheOriginalSaved_ReturnsTheOriginalOutcome()
    {
        // The retry finds no outcome under the id, then the original saves, then the retry loads the flow.
        var store = new GatedStore();
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var reject = new ReturnRequest("same", "ORD-1", TestHost.Seller, "Missing the target version.");
        var pause = store.PauseNextFind();

        var retry = host.Supervisor.ExecuteAsync(reject).AsTask();
        await pause.Reached;
        var original = await host.MustAsync(reject);
        pause.Release();
        var retried = await retry;

        retried.IsSuccess.Should().BeTrue($"a retry returns the first outcome (R30), but it got: {retried}");
        retried.Value.Should().Be(original with { IsReplay = true });
        (await host.FlowAsync()).RequestRejections.Should().Be(1);
        await AssertGapFreeAsync(host, "ORD-1", 3);
    }

    [Fact]
    public async Task R31_CreateFlowAsync_EightRacingForOneOrder_CreateOneFlowAndAllReturnIt()
    {
        var host = new TestHost();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await host.Supervisor.CreateFlowAsync(TestHost.Order("ORD-C"));
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(tasks);

        results.Should().OnlyContain(r => r.IsSuccess);
        results.Select(r => r.Value.Version).Distinct().Should().Equal(1L);
        var records = await host.Store.ReadRecordsAsync("ORD-C", CancellationToken.None);
        records.Should().ContainSingle().Which.Action.Should().Be(SupervisionAction.CreateFlow);
    }
}
