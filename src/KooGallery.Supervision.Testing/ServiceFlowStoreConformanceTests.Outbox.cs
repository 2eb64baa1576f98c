using System;
using System.Linq;

namespace KooGallery.Supervision.Testing;

// The outbox: pending events, delivery marks and deferred events.
public abstract partial class ServiceFlowStoreConformanceTests
{
    /// <summary>Events stay pending, oldest first, until marked delivered; unknown ids are ignored.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task PendingEvents_UntilMarkedDelivered_AreReadOldestFirst()
    {
        var (store, supervisor, _) = await ArrangeAsync(withHandler: false);
        await supervisor.CreateFlowAsync(Order("C-8"));
        await store.MarkEventsDeliveredAsync((await store.ReadPendingEventsAsync(Instant.MaxValue, 1000, CancellationToken.None)).Select(e => e.Id).ToList(), CancellationToken.None);
        var flow = (await store.LoadAsync("C-8", CancellationToken.None))!;
        var next = Copy(flow, version: 2);
        var events = new[] { Event(next, "first"), Event(next, "second"), Event(next, "third") };
        Assert.Equal(FlowSaveResult.Saved, await store.SaveAsync(new FlowChange(next, 1, [], events, null), CancellationToken.None));

        var pending = await store.ReadPendingEventsAsync(Instant.MaxValue, 2, CancellationToken.None);
        await store.MarkEventsDeliveredAsync([events[0].Id, Guid.NewGuid()], CancellationToken.None);
        var rest = await store.ReadPendingEventsAsync(Instant.MaxValue, 10, CancellationToken.None);

        Assert.Equal(["first", "second"], pending.Select(e => e.Text));
        Assert.Equal(events[0], pending[0]);
        Assert.Equal(["second", "third"], rest.Select(e => e.Text));
    }

    /// <summary>
    /// A deferred event is left out of the pending events until its retry instant; its failed attempts are
    /// counted; events never deferred come first in the order saved, then deferred ones by earliest retry;
    /// delivered and unknown ids are ignored.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task DeferEvent_DeferredEvents_WaitForTheirRetryAndComeAfterFreshOnes()
    {
        var (store, events) = await SavedEventsAsync("V-1", 3);
        var (first, second, third) = (events[0], events[1], events[2]);
        var t = Start;

        var firstDeferred = await store.DeferEventAsync(first.Id, _ => t + Duration.FromHours(2), CancellationToken.None);
        var secondDeferred = await store.DeferEventAsync(second.Id, _ => t + Duration.FromHours(1), CancellationToken.None);
        var atStart = await store.ReadPendingEventsAsync(t, 10, CancellationToken.None);
        var afterOneHour = await store.ReadPendingEventsAsync(t + Duration.FromHours(1), 10, CancellationToken.None);
        var afterThreeHours = await store.ReadPendingEventsAsync(t + Duration.FromHours(3), 10, CancellationToken.None);
        var limited = await store.ReadPendingEventsAsync(t + Duration.FromHours(3), 2, CancellationToken.None);

        Assert.Equal(1, firstDeferred);
        Assert.Equal(1, secondDeferred);
        Assert.Equal([third.Id], atStart.Select(e => e.Id));
        Assert.Equal([third.Id, second.Id], afterOneHour.Select(e => e.Id));
        Assert.Equal([third.Id, second.Id, first.Id], afterThreeHours.Select(e => e.Id));
        Assert.Equal([third.Id, second.Id], limited.Select(e => e.Id));
        Assert.Equal(first, afterThreeHours[2]);

        // A second failure counts on, with the retry the count gives; delivered and unknown ids count nothing.
        var again = await store.DeferEventAsync(first.Id, attempts => t + Duration.FromHours(10 * attempts), CancellationToken.None);
        await store.MarkEventsDeliveredAsync([second.Id], CancellationToken.None);
        var delivered = await store.DeferEventAsync(second.Id, _ => throw new InvalidOperationException("not asked for a delivered event"), CancellationToken.None);
        var unknown = await store.DeferEventAsync(Guid.NewGuid(), _ => throw new InvalidOperationException("not asked for an unknown event"), CancellationToken.None);

        Assert.Equal(2, again);
        Assert.Equal(0, delivered);
        Assert.Equal(0, unknown);
        Assert.Equal([third.Id], (await store.ReadPendingEventsAsync(t + Duration.FromHours(19), 10, CancellationToken.None)).Select(e => e.Id));
        Assert.Equal([third.Id, first.Id], (await store.ReadPendingEventsAsync(t + Duration.FromHours(20), 10, CancellationToken.None)).Select(e => e.Id));
        Assert.Equal([third.Id, first.Id], (await store.ReadPendingEventsAsync(Instant.MaxValue, 10, CancellationToken.None)).Select(e => e.Id));
    }

    /// <summary>
    /// Events whose handler keeps failing are deferred, so they are not read again before their retry and never
    /// fill a read ahead of fresh events: with 30 deferred events pending, a read of 10 returns the one fresh event.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Defect_DeferredEvents_AreNotReadAgainBeforeTheirRetry()
    {
        var (store, events) = await SavedEventsAsync("V-2", 31);
        var retry = Start + Duration.FromMinutes(5);
        foreach (var deferred in events.Take(30))
        {
            Assert.Equal(1, await store.DeferEventAsync(deferred.Id, _ => retry, CancellationToken.None));
        }

        var beforeRetry = await store.ReadPendingEventsAsync(retry - Duration.FromNanoseconds(1), 10, CancellationToken.None);
        var atRetry = await store.ReadPendingEventsAsync(retry, 100, CancellationToken.None);

        Assert.Equal([events[30].Id], beforeRetry.Select(e => e.Id));
        Assert.Equal(31, atRetry.Count);
        Assert.Equal(events[30].Id, atRetry[0].Id);
        Assert.Equal(events.Take(30).Select(e => e.Id).OrderBy(id => id), atRetry.Skip(1).Select(e => e.Id).OrderBy(id => id));
    }

    /// <summary>Marking more events delivered than a store may send in one statement marks every one of them.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task MarkEventsDelivered_MoreIdsThanOneStatementHolds_MarksEveryOne()
    {
        var (store, events) = await SavedEventsAsync("C-30", 1_201);

        await store.MarkEventsDeliveredAsync([.. events.Select(e => e.Id), Guid.NewGuid()], CancellationToken.None);

        Assert.Empty(await store.ReadPendingEventsAsync(Instant.MaxValue, 2_000, CancellationToken.None));
    }
}
