using System.Linq;

namespace KooGallery.Supervision.Testing;

// Several writers at once, and a whole story through the engine.
public abstract partial class ServiceFlowStoreConformanceTests
{
    /// <summary>Saves racing on one version: exactly one applies.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Save_ParallelSavesOfOneVersion_ExactlyOneApplies()
    {
        var (store, supervisor, _) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("R-1"));
        var second = await CreateStoreOnSameDataAsync(store);
        var current = (await store.LoadAsync("R-1", CancellationToken.None))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var next = Copy(current, version: current.Version + 1);
            next.RequestRejections = i + 1;
            var target = i % 2 == 0 ? store : second;
            return await target.SaveAsync(new FlowChange(next, current.Version, [Record(next, current.LastSequence + 1)], [], Outcome($"race-{i}", next)), CancellationToken.None);
        })));

        Assert.Equal(1, results.Count(r => r == FlowSaveResult.Saved));
        Assert.Equal(2, (await store.ReadRecordsAsync("R-1", CancellationToken.None)).Count);
        var saved = (await store.LoadAsync("R-1", CancellationToken.None))!;
        Assert.Equal(current.Version + 1, saved.Version);
        Assert.NotNull(await store.FindCommandOutcomeAsync("R-1", $"race-{saved.RequestRejections - 1}", CancellationToken.None));
    }

    /// <summary>Commands through two engines on the same data: every accepted command counts exactly once.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Engines_RacingOnOneFlow_CountEveryAcceptedCommandOnce()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        var secondStore = await CreateStoreOnSameDataAsync(store);
        var secondSupervisor = new ServiceSupervisor(secondStore, clock, new ServiceSupervisionOptions { MaxCommandAttempts = 100 });
        await supervisor.CreateFlowAsync(Order("R-2"));
        await Must(supervisor.ExecuteAsync(new SubmitRequest("r2-s", "R-2", Buyer, "text")));
        await Must(supervisor.ExecuteAsync(new AcceptRequest("r2-a", "R-2", Seller)));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            var engine = i % 2 == 0 ? supervisor : secondSupervisor;
            var id = $"progress-{i % 6}"; // every id sent twice: a retry
            return await engine.ExecuteAsync(new PostProgressUpdate(id, "R-2", Seller, $"update {i % 6}"));
        })));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        var records = await store.ReadRecordsAsync("R-2", CancellationToken.None);
        Assert.Equal(6, records.Count(r => r.Action == SupervisionAction.PostProgressUpdate));
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(records.Count, (await store.LoadAsync("R-2", CancellationToken.None))!.Version);
    }

    /// <summary>The complete story through the engine: created, served, accepted, completed by the sweep.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Engine_CompleteStory_EndsCompletedWithItsEventsDelivered()
    {
        var (store, supervisor, clock) = await ArrangeAsync();

        await PlayStoryAsync(supervisor, clock, "E-1");

        var flow = (await store.LoadAsync("E-1", CancellationToken.None))!;
        Assert.Equal(Stage.Completed, flow.Stage);
        Assert.Equal(OrderStatus.Completed, flow.Status);
        Assert.Null(flow.NextTimerDueAt);
        Assert.Empty(await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None));
    }
}
