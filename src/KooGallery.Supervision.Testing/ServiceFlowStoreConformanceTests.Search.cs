namespace KooGallery.Supervision.Testing;

// Search (R29): criteria, keyset paging, plain values and the appeal queue.
public abstract partial class ServiceFlowStoreConformanceTests
{
    /// <summary>Search filters by every criterion and pages in the stable order without gaps or repeats.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Search_EveryCriterionAndKeysetPaging_FindsExactlyTheMatchingFlows()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        for (var i = 0; i < 7; i++)
        {
            await supervisor.CreateFlowAsync(Order($"S-{i}", placedAt: Start - Duration.FromMinutes(10 - (i / 2)), productId: i % 2 == 0 ? "even" : "odd"));
        }

        await Must(supervisor.ExecuteAsync(new SubmitRequest("s-sub", "S-3", Buyer, "text")));
        await Must(supervisor.ExecuteAsync(new OpenAppeal("s-appeal", "S-5", Seller, "reason")));
        clock.Advance(Duration.FromDays(5) + Duration.FromTicks(1));
        var now = clock.GetCurrentInstant();

        var all = await PageThroughAsync(store, new FlowQuery { PageSize = 3 }, now);
        var stalled = await PageThroughAsync(store, new FlowQuery { Stalled = true }, now);
        var notStalled = await PageThroughAsync(store, new FlowQuery { Stalled = false }, now);

        Assert.Equal(["S-0", "S-1", "S-2", "S-3", "S-4", "S-5", "S-6"], all);
        Assert.Equal(["S-0", "S-1", "S-2", "S-3", "S-4", "S-6"], stalled);
        Assert.Equal(["S-5"], notStalled);
        Assert.Equal(["S-0", "S-2", "S-4", "S-6"], await PageThroughAsync(store, new FlowQuery { ProductId = "even", PageSize = 1 }, now));
        Assert.Equal(["S-3"], await PageThroughAsync(store, new FlowQuery { Stage = Stage.RequestSubmitted }, now));
        Assert.Equal(["S-5"], await PageThroughAsync(store, new FlowQuery { UnderAppeal = true }, now));
        Assert.Equal(["S-3"], await PageThroughAsync(store, new FlowQuery { WaitingOn = Seller }, now));
        Assert.Equal(["S-0", "S-1", "S-2", "S-4", "S-6"], await PageThroughAsync(store, new FlowQuery { WaitingOn = Buyer }, now));
        Assert.Empty(await PageThroughAsync(store, new FlowQuery { BuyerId = "nobody" }, now));
        Assert.Equal(7, (await PageThroughAsync(store, new FlowQuery { BuyerId = Buyer.Id, SellerId = Seller.Id, Status = OrderStatus.Processing }, now)).Count);
        Assert.Equal(["S-2", "S-3"], await PageThroughAsync(store, new FlowQuery { PlacedFrom = Start - Duration.FromMinutes(9), PlacedBefore = Start - Duration.FromMinutes(8) }, now));
    }

    /// <summary>Search values are data, never SQL: text that looks like SQL finds nothing and breaks nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Search_ValuesThatLookLikeSql_AreTreatedAsPlainValues()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("Q-1"));

        var page = await store.SearchAsync(new FlowQuery { BuyerId = "x' OR '1'='1", ProductId = "\"; DROP TABLE supervision_flows; --" }, clock.GetCurrentInstant(), CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.NotNull(await store.LoadAsync("Q-1", CancellationToken.None));
    }

    /// <summary>
    /// An operations manager's "waiting on me" is the appeal queue: every flow with an open appeal, oldest
    /// decision deadline first, then by order number, paged without gaps or repeats; decided appeals leave it,
    /// and a buyer's or seller's "waiting on me" leaves frozen flows out.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Search_WaitingOnAnOperationsManager_IsTheAppealQueueOldestDecisionDeadlineFirst()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        var manager = Actor.OperationsManager("conformance-ops");
        foreach (var order in new[] { "Q-1", "Q-2", "Q-3", "Q-4", "Q-5" })
        {
            (await supervisor.CreateFlowAsync(Order(order))).GetValueOrThrow();
        }

        // Placement order is Q-1..Q-5; appeals are opened, so that is the queue's order.
        foreach (var order in new[] { "Q-4", "Q-2", "Q-5", "Q-1" })
        {
            await Must(supervisor.ExecuteAsync(new OpenAppeal(order + "-appeal", order, Seller, "The buyer does not answer.")));
            clock.Advance(Duration.FromMinutes(10));
        }

        await Must(supervisor.ExecuteAsync(new DecideAppeal("Q-1-decide", "Q-1", manager, "Resumed.", AppealOutcome.Resume)));
        var now = clock.GetCurrentInstant();

        var queue = await PageThroughAsync(store, new FlowQuery { WaitingOn = manager, PageSize = 2 }, now);
        var waitingOnBuyer = await PageThroughAsync(store, new FlowQuery { WaitingOn = Buyer, PageSize = 2 }, now);

        Assert.Equal(["Q-4", "Q-2", "Q-5"], queue);
        Assert.Equal(["Q-1", "Q-3"], waitingOnBuyer);
    }
}
