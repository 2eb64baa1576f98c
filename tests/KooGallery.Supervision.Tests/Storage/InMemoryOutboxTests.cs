using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Storage;

/// <summary>
/// The in-memory store keeps the never-deferred pending events in a queue whose delivered or deferred places are dropped
/// lazily. These tests pin that delivery in any order, deferral and later saves leave the pending events read exactly,
/// in the order saved.
/// </summary>
public class InMemoryOutboxTests
{
    private static readonly Instant Start = TestHost.Start;

    [Fact]
    public async Task Events_delivered_out_of_order_leave_the_others_pending_in_the_order_saved()
    {
        var store = new InMemoryServiceFlowStore();
        var events = await SaveEventsAsync(store, "first", "second", "third");

        await store.MarkEventsDeliveredAsync([events[1].Id], CancellationToken.None);
        (await TextsAsync(store)).Should().Equal("first", "third");

        await store.MarkEventsDeliveredAsync([events[0].Id], CancellationToken.None);
        (await TextsAsync(store)).Should().Equal("third");

        await SaveEventsAsync(store, "fourth");
        (await TextsAsync(store)).Should().Equal("third", "fourth");
        (await TextsAsync(store, maxCount: 1)).Should().Equal("third");
    }

    [Fact]
    public async Task A_deferred_event_at_the_front_comes_after_the_fresh_ones_and_a_second_deferral_moves_it()
    {
        var store = new InMemoryServiceFlowStore();
        var events = await SaveEventsAsync(store, "first", "second");

        (await store.DeferEventAsync(events[0].Id, _ => Start + Duration.FromHours(1), CancellationToken.None)).Should().Be(1);
        (await TextsAsync(store, now: Start)).Should().Equal("second");
        (await TextsAsync(store, now: Start + Duration.FromHours(1))).Should().Equal("second", "first");

        (await store.DeferEventAsync(events[0].Id, attempts => Start + Duration.FromHours(5 * attempts), CancellationToken.None)).Should().Be(2);
        (await TextsAsync(store, now: Start + Duration.FromHours(9))).Should().Equal("second");

        await store.MarkEventsDeliveredAsync([events[1].Id, events[0].Id], CancellationToken.None);
        (await TextsAsync(store)).Should().BeEmpty();
        (await store.DeferEventAsync(events[0].Id, _ => Start, CancellationToken.None)).Should().Be(0);
    }

    [Fact]
    public async Task An_event_deferred_to_the_earliest_instant_is_read_once_and_delivered_for_good()
    {
        // No retry instant is special: one at Instant.MinValue is a deferral like any other.
        var store = new InMemoryServiceFlowStore();
        var events = await SaveEventsAsync(store, "first", "second");

        (await store.DeferEventAsync(events[0].Id, _ => Instant.MinValue, CancellationToken.None)).Should().Be(1);
        (await TextsAsync(store)).Should().Equal("second", "first");
        (await store.DeferEventAsync(events[0].Id, _ => Instant.MinValue, CancellationToken.None)).Should().Be(2);
        (await TextsAsync(store)).Should().Equal("second", "first");

        await store.MarkEventsDeliveredAsync([events[0].Id], CancellationToken.None);
        (await TextsAsync(store)).Should().Equal("second");
    }

    [Fact]
    public async Task A_place_left_by_a_delivered_event_never_stands_for_a_later_event_with_the_same_id()
    {
        // Ids come from the supervisor's randomizer, which a host may seed: a delivered id can come back.
        var store = new InMemoryServiceFlowStore();
        var events = await SaveEventsAsync(store, "first", "second");
        await store.MarkEventsDeliveredAsync([events[1].Id], CancellationToken.None);

        await SaveEventsAsync(store, [events[1].Id], "third");

        (await TextsAsync(store)).Should().Equal("first", "third");
        await store.MarkEventsDeliveredAsync([events[0].Id, events[1].Id], CancellationToken.None);
        (await TextsAsync(store)).Should().BeEmpty();
    }

    private static Task<SupervisionEvent[]> SaveEventsAsync(InMemoryServiceFlowStore store, params string[] texts) =>
        SaveEventsAsync(store, texts.Select(_ => Guid.NewGuid()).ToArray(), texts);

    private static async Task<SupervisionEvent[]> SaveEventsAsync(InMemoryServiceFlowStore store, Guid[] ids, params string[] texts)
    {
        var stored = await store.LoadAsync("OUT-1", CancellationToken.None);
        var flow = (stored ?? GoldenSamples.Flows["flow-awaiting-request"]).Copy();
        var expected = stored?.Version ?? 0;
        flow.OrderNumber = "OUT-1";
        flow.Version = expected + 1;
        var events = texts.Select((text, i) => GoldenSamples.Events[0] with { Id = ids[i], OrderNumber = flow.OrderNumber, FlowVersion = flow.Version, Text = text }).ToArray();
        (await store.SaveAsync(new FlowChange(flow, expected, [], events, null), CancellationToken.None)).Should().Be(FlowSaveResult.Saved);
        return events;
    }

    private static async Task<IEnumerable<string?>> TextsAsync(InMemoryServiceFlowStore store, Instant? now = null, int maxCount = 10) =>
        (await store.ReadPendingEventsAsync(now ?? Instant.MaxValue, maxCount, CancellationToken.None)).Select(e => e.Text);
}
