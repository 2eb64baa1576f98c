using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Storage;

/// <summary>
/// The in-memory store's due index moves a flow's key only when its next timer comes earlier; a timer that moves later
/// (or goes) is found out when the old key comes due. These tests pin that the sweep still reads exactly the due flows,
/// the earliest first, whichever way the timers moved.
/// </summary>
public class InMemoryDueIndexTests
{
    private static readonly Instant Start = TestHost.Start;

    [Fact]
    public async Task A_timer_moved_later_is_not_due_at_its_old_instant_but_at_its_new_one()
    {
        var store = new InMemoryServiceFlowStore();
        await SaveAsync(store, "A", Start + Duration.FromHours(1));
        await SaveAsync(store, "A", Start + Duration.FromHours(5));

        (await FindDueAsync(store, Start + Duration.FromHours(2))).Should().BeEmpty();
        (await FindDueAsync(store, Start + Duration.FromHours(5))).Should().Equal("A");
    }

    [Fact]
    public async Task A_timer_moved_earlier_is_due_at_its_new_instant()
    {
        var store = new InMemoryServiceFlowStore();
        await SaveAsync(store, "A", Start + Duration.FromHours(5));
        await SaveAsync(store, "A", Start + Duration.FromHours(1));

        (await FindDueAsync(store, Start)).Should().BeEmpty();
        (await FindDueAsync(store, Start + Duration.FromHours(1))).Should().Equal("A");
    }

    [Fact]
    public async Task A_timer_moved_earlier_and_then_later_again_is_due_once_at_its_last_instant()
    {
        var store = new InMemoryServiceFlowStore();
        await SaveAsync(store, "A", Start + Duration.FromHours(5));
        await SaveAsync(store, "A", Start + Duration.FromHours(1));
        await SaveAsync(store, "A", Start + Duration.FromHours(7));

        (await FindDueAsync(store, Start + Duration.FromHours(6))).Should().BeEmpty();
        (await FindDueAsync(store, Start + Duration.FromHours(7))).Should().Equal("A");

        await SaveAsync(store, "A", Start + Duration.FromHours(5));
        (await FindDueAsync(store, Start + Duration.FromHours(8))).Should().Equal("A");
    }

    [Fact]
    public async Task A_timer_that_went_is_never_due_until_a_new_one_is_set()
    {
        var store = new InMemoryServiceFlowStore();
        await SaveAsync(store, "A", Start + Duration.FromHours(1));
        await SaveAsync(store, "A", null);

        (await FindDueAsync(store, Start + Duration.FromDays(30))).Should().BeEmpty();

        await SaveAsync(store, "A", Start + Duration.FromHours(3));
        (await FindDueAsync(store, Start + Duration.FromHours(2))).Should().BeEmpty();
        (await FindDueAsync(store, Start + Duration.FromHours(3))).Should().Equal("A");
    }

    [Fact]
    public async Task Due_flows_come_earliest_first_after_a_timer_moved_later_past_others()
    {
        var store = new InMemoryServiceFlowStore();
        await SaveAsync(store, "A", Start + Duration.FromHours(1));
        await SaveAsync(store, "B", Start + Duration.FromHours(2));
        await SaveAsync(store, "C", Start + Duration.FromHours(3));
        await SaveAsync(store, "A", Start + Duration.FromHours(4));

        var late = Start + Duration.FromHours(6);
        (await FindDueAsync(store, late)).Should().Equal("B", "C", "A");
        (await FindDueAsync(store, late, maxCount: 2)).Should().Equal("B", "C");
        (await FindDueAsync(store, Start + Duration.FromHours(3))).Should().Equal("B", "C");
    }

    [Fact]
    public async Task A_parked_flow_waits_for_its_retry_and_a_save_ends_the_parking()
    {
        var store = new InMemoryServiceFlowStore();
        var due = Start + Duration.FromHours(1);
        await SaveAsync(store, "A", due);

        (await store.ParkTimersAsync("A", failures => due + Duration.FromMinutes(10 * failures), CancellationToken.None)).Should().Be(1);
        (await FindDueAsync(store, due + Duration.FromMinutes(5))).Should().BeEmpty();
        (await FindDueAsync(store, due + Duration.FromMinutes(10))).Should().Equal("A");

        // A saved change: the flow is due at its own timer again, earlier than the retry.
        await SaveAsync(store, "A", due);
        (await FindDueAsync(store, due)).Should().Equal("A");
    }

    [Fact]
    public async Task Parking_whose_retry_throws_counts_nothing_and_leaves_the_flow_due_at_its_timer()
    {
        var store = new InMemoryServiceFlowStore();
        await SaveAsync(store, "A", Start + Duration.FromHours(1));
        await SaveAsync(store, "A", Start + Duration.FromHours(5));

        var park = async () => await store.ParkTimersAsync("A", _ => throw new InvalidOperationException("no retry"), CancellationToken.None);

        await park.Should().ThrowAsync<InvalidOperationException>();
        (await FindDueAsync(store, Start + Duration.FromHours(2))).Should().BeEmpty();
        (await FindDueAsync(store, Start + Duration.FromHours(5))).Should().Equal("A");
        (await store.ParkTimersAsync("A", failures => Start + Duration.FromHours(6 + failures), CancellationToken.None)).Should().Be(1);
        (await FindDueAsync(store, Start + Duration.FromHours(6))).Should().BeEmpty();
        (await FindDueAsync(store, Start + Duration.FromHours(7))).Should().Equal("A");
    }

    private static async Task SaveAsync(InMemoryServiceFlowStore store, string orderNumber, Instant? stallDueAt)
    {
        var stored = await store.LoadAsync(orderNumber, CancellationToken.None);
        var flow = (stored ?? GoldenSamples.Flows["flow-awaiting-request"]).Copy();
        var expected = stored?.Version ?? 0;
        flow.OrderNumber = orderNumber;
        flow.Version = expected + 1;
        flow.LongOpenRaised = true;
        flow.StallRaised = false;
        flow.CompletionDueAt = null;
        flow.Appeal = null;
        flow.StallDueAt = stallDueAt;
        flow.NextTimerDueAt.Should().Be(stallDueAt);
        (await store.SaveAsync(new FlowChange(flow, expected, [], [], null), CancellationToken.None)).Should().Be(FlowSaveResult.Saved);
    }

    private static async Task<IReadOnlyList<string>> FindDueAsync(InMemoryServiceFlowStore store, Instant now, int maxCount = 10) =>
        await store.FindDueAsync(now, maxCount, CancellationToken.None);
}
