using static KooGallery.Supervision.Testing.ConformanceData;

namespace KooGallery.Supervision.Testing;

// Several writers at once, and a whole story through the engine.
internal static class EngineCases
{
    public static IEnumerable<StoreConformanceCase> All =>
    [
        new("Save_ParallelSavesOfOneVersion_ExactlyOneApplies", "Saves racing on one version, through two store instances over the same data: exactly one applies.", ParallelSavesAsync),
        new("Engines_RacingOnOneFlow_CountEveryAcceptedCommandOnce", "Commands through two engines on the same data, every one sent twice: every accepted command counts exactly once.", RacingEnginesAsync),
        new("Engine_CompleteStory_EndsCompletedWithItsEventsDelivered", "The complete story through the engine: created, served, accepted, completed by the sweep, its events delivered.", CompleteStoryAsync),
    ];

    private static async Task ParallelSavesAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("R-1");
        var second = await setup.SecondStoreAsync();
        var current = await setup.LoadAsync("R-1");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(
            async () =>
            {
                var next = Changed(current, version: current.Version + 1, flow => flow["requestRejections"] = i + 1);
                var target = i % 2 == 0 ? store : second;
                return await target.SaveAsync(new FlowChange(next, current.Version, [Record(next, current.LastSequence + 1)], [], Outcome($"race-{i}", next)), cancellationToken);
            },
            cancellationToken)));

        Check.Equal(1, results.Count(r => r == FlowSaveResult.Saved), "the count of saves that applied, of 8 racing on one version");
        Check.Equal(2, (await store.ReadRecordsAsync("R-1", cancellationToken)).Count, "the count of records of R-1 after the race");
        var saved = await setup.LoadAsync("R-1");
        Check.Equal(current.Version + 1, saved.Version, "the version of R-1 after the race");
        Check.NotNull(await store.FindCommandOutcomeAsync("R-1", $"race-{saved.RequestRejections - 1}", cancellationToken), "the outcome of the save that applied");
    }

    private static async Task RacingEnginesAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        var supervisor = setup.Supervisor;
        var secondSupervisor = setup.SupervisorOver(await setup.SecondStoreAsync());
        await setup.CreateFlowAsync("R-2");
        await setup.ExecuteAsync(new SubmitRequest("r2-s", "R-2", Buyer, "text"));
        await setup.ExecuteAsync(new AcceptRequest("r2-a", "R-2", Seller));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(
            async () =>
            {
                var engine = i % 2 == 0 ? supervisor : secondSupervisor;
                var id = $"progress-{i % 6}"; // every id sent twice: a retry
                return await engine.ExecuteAsync(new PostProgressUpdate(id, "R-2", Seller, $"update {i % 6}"), cancellationToken);
            },
            cancellationToken)));

        foreach (var result in results)
        {
            Check.True(result.IsSuccess, $"every racing progress update succeeds (one was refused: {result.Error?.Message})");
        }

        var records = await store.ReadRecordsAsync("R-2", cancellationToken);
        Check.Equal(6, records.Count(r => r.Action == SupervisionAction.PostProgressUpdate), "the count of progress update records, of 6 updates each sent twice");
        Check.SequenceEqual(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence), "the sequence numbers of the records of R-2");
        Check.Equal((long)records.Count, (await setup.LoadAsync("R-2")).Version, "the version of R-2, one per record");
    }

    private static async Task CompleteStoryAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        await setup.PlayStoryAsync("E-1");

        var flow = await setup.LoadAsync("E-1");
        Check.Equal(Stage.Completed, flow.Stage, "the stage of E-1 at the end of its story");
        Check.Equal(OrderStatus.Completed, flow.Status, "the status of E-1 at the end of its story");
        Check.Equal(null, flow.NextTimerDueAt, "the next timer of the completed E-1");
        Check.Empty(await setup.Store.ReadPendingEventsAsync(Instant.MaxValue, 100, cancellationToken), "pending events after the story, its events all delivered");
    }
}
