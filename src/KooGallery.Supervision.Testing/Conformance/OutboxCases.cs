using static KooGallery.Supervision.Testing.ConformanceData;

namespace KooGallery.Supervision.Testing;

// The outbox: pending events, delivery marks and deferred events.
internal static class OutboxCases
{
    public static IEnumerable<StoreConformanceCase> All =>
    [
        new("PendingEvents_UntilMarkedDelivered_AreReadOldestFirst", "Events stay pending, oldest first, until marked delivered; unknown ids are ignored.", PendingEventsAsync, withHandler: false),
        new("DeferEvent_DeferredEvents_WaitForTheirRetryAndComeAfterFreshOnes", "A deferred event is left out of the pending events until its retry instant; its failed attempts are counted; events never deferred come first in the order saved, then deferred ones by earliest retry; delivered and unknown ids are ignored; the count of pending events includes deferred ones.", DeferredEventsAsync, withHandler: false),
        new("Defect_DeferredEvents_AreNotReadAgainBeforeTheirRetry", "Events whose handler keeps failing are deferred, so they are not read again before their retry and never fill a read ahead of fresh events: with 30 deferred events pending, a read of 10 returns the one fresh event.", DeferredEventsDoNotShadowAsync, withHandler: false),
        new("MarkEventsDelivered_MoreIdsThanOneStatementHolds_MarksEveryOne", "Marking more events delivered than a store may send in one statement (1,201) marks every one of them.", ManyDeliveredAsync, withHandler: false),
    ];

    private static async Task PendingEventsAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("C-8");
        await setup.MarkAllDeliveredAsync();
        var flow = await setup.LoadAsync("C-8");
        var next = Changed(flow, version: 2);
        var events = new[] { Event(next, "first"), Event(next, "second"), Event(next, "third") };
        Check.Equal(FlowSaveResult.Saved, await store.SaveAsync(new FlowChange(next, 1, [], events, null), cancellationToken), "saving three events on C-8");

        var pending = await store.ReadPendingEventsAsync(Instant.MaxValue, 2, cancellationToken);
        await store.MarkEventsDeliveredAsync([events[0].Id, Guid.NewGuid()], cancellationToken);
        var rest = await store.ReadPendingEventsAsync(Instant.MaxValue, 10, cancellationToken);

        Check.SequenceEqual(["first", "second"], pending.Select(e => e.Text), "the first two pending events");
        Check.Equal(events[0], pending[0], "the first pending event, as saved");
        Check.SequenceEqual(["second", "third"], rest.Select(e => e.Text), "the pending events after the first is marked delivered");
    }

    private static async Task DeferredEventsAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        var events = await setup.SavedEventsAsync("V-1", 3);
        var (first, second, third) = (events[0], events[1], events[2]);
        var t = Start;

        var firstDeferred = await store.DeferEventAsync(first.Id, _ => t + Duration.FromHours(2), cancellationToken);
        var secondDeferred = await store.DeferEventAsync(second.Id, _ => t + Duration.FromHours(1), cancellationToken);
        var atStart = await store.ReadPendingEventsAsync(t, 10, cancellationToken);
        var afterOneHour = await store.ReadPendingEventsAsync(t + Duration.FromHours(1), 10, cancellationToken);
        var afterThreeHours = await store.ReadPendingEventsAsync(t + Duration.FromHours(3), 10, cancellationToken);
        var limited = await store.ReadPendingEventsAsync(t + Duration.FromHours(3), 2, cancellationToken);

        Check.Equal(1, firstDeferred, "the failed attempts of the first event after its first deferral");
        Check.Equal(1, secondDeferred, "the failed attempts of the second event after its first deferral");
        Check.SequenceEqual([third.Id], atStart.Select(e => e.Id), "the pending events before any retry instant");
        Check.SequenceEqual([third.Id, second.Id], afterOneHour.Select(e => e.Id), "the pending events at the second event's retry");
        Check.SequenceEqual([third.Id, second.Id, first.Id], afterThreeHours.Select(e => e.Id), "the pending events after both retries");
        Check.SequenceEqual([third.Id, second.Id], limited.Select(e => e.Id), "the first two pending events after both retries");
        Check.Equal(first, afterThreeHours[2], "the deferred first event, as saved");

        // A second failure counts on, with the retry the count gives; delivered and unknown ids count nothing.
        var again = await store.DeferEventAsync(first.Id, attempts => t + Duration.FromHours(10 * attempts), cancellationToken);
        await store.MarkEventsDeliveredAsync([second.Id], cancellationToken);
        var delivered = await store.DeferEventAsync(second.Id, _ => throw new StoreConformanceException("The store asked for the retry of a delivered event."), cancellationToken);
        var unknown = await store.DeferEventAsync(Guid.NewGuid(), _ => throw new StoreConformanceException("The store asked for the retry of an unknown event."), cancellationToken);

        Check.Equal(2, again, "the failed attempts of the first event after its second deferral");
        Check.Equal(0, delivered, "the failed attempts counted for a delivered event");
        Check.Equal(0, unknown, "the failed attempts counted for an unknown event");
        Check.SequenceEqual([third.Id], (await store.ReadPendingEventsAsync(t + Duration.FromHours(19), 10, cancellationToken)).Select(e => e.Id), "the pending events before the first event's second retry");
        Check.SequenceEqual([third.Id, first.Id], (await store.ReadPendingEventsAsync(t + Duration.FromHours(20), 10, cancellationToken)).Select(e => e.Id), "the pending events at the first event's second retry");
        Check.SequenceEqual([third.Id, first.Id], (await store.ReadPendingEventsAsync(Instant.MaxValue, 10, cancellationToken)).Select(e => e.Id), "the pending events at the end of time");

        // The backlog counts every event not delivered, deferred ones too, up to the limit asked.
        Check.Equal(2, await store.CountPendingEventsAsync(10, cancellationToken), "the count of pending events, the deferred one included");
        Check.Equal(1, await store.CountPendingEventsAsync(1, cancellationToken), "the count of pending events up to one");
    }

    private static async Task DeferredEventsDoNotShadowAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        var events = await setup.SavedEventsAsync("V-2", 31);
        var retry = Start + Duration.FromMinutes(5);
        foreach (var deferred in events.Take(30))
        {
            Check.Equal(1, await store.DeferEventAsync(deferred.Id, _ => retry, cancellationToken), $"the failed attempts of {deferred.Text} after its first deferral");
        }

        var beforeRetry = await store.ReadPendingEventsAsync(retry - Duration.FromNanoseconds(1), 10, cancellationToken);
        var atRetry = await store.ReadPendingEventsAsync(retry, 100, cancellationToken);

        Check.SequenceEqual([events[30].Id], beforeRetry.Select(e => e.Id), "a read of 10 pending events before the retry, with 30 deferred and 1 fresh");
        Check.Equal(31, atRetry.Count, "the count of pending events at the retry");
        Check.Equal(events[30].Id, atRetry[0].Id, "the first pending event at the retry, the one never deferred");
        Check.SequenceEqual(events.Take(30).Select(e => e.Id).Order(), atRetry.Skip(1).Select(e => e.Id).Order(), "the deferred events pending at the retry");
    }

    private static async Task ManyDeliveredAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        var events = await setup.SavedEventsAsync("C-30", 1_201);

        await store.MarkEventsDeliveredAsync([.. events.Select(e => e.Id), Guid.NewGuid()], cancellationToken);

        Check.Empty(await store.ReadPendingEventsAsync(Instant.MaxValue, 2_000, cancellationToken), "pending events after all 1,201 are marked delivered");
    }
}
