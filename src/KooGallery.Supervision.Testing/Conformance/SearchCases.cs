using static KooGallery.Supervision.Testing.ConformanceData;

namespace KooGallery.Supervision.Testing;

// Search (R29): criteria, keyset paging, plain values and the appeal queue.
internal static class SearchCases
{
    public static IEnumerable<StoreConformanceCase> All =>
    [
        new("Search_EveryCriterionAndKeysetPaging_FindsExactlyTheMatchingFlows", "Search filters by every criterion and pages in the stable order without gaps or repeats.", EveryCriterionAsync),
        new("Search_OrderNumbersPlacedAtOneInstant_AreOrderedByCodePoint", "Flows placed at the same instant come in the order of their order numbers' Unicode code points (the order of their UTF-8 bytes), also across the characters above U+FFFF that .NET holds as two units, and page by page the same.", CodePointOrderAsync),
        new("Search_ValuesThatLookLikeSql_AreTreatedAsPlainValues", "Search values are data, never SQL: text that looks like SQL finds nothing and breaks nothing.", PlainValuesAsync),
        new("Search_WaitingOnAnOperationsManager_IsTheAppealQueueOldestDecisionDeadlineFirst", "An operations manager's \"waiting on me\" is the appeal queue: every flow with an open appeal, oldest decision deadline first, then by order number, paged without gaps or repeats; decided appeals leave it, and a buyer's or seller's \"waiting on me\" leaves frozen flows out.", AppealQueueAsync),
    ];

    private static async Task EveryCriterionAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        // Created latest first, so that a store's insertion order is not the order a search must give.
        for (var i = 6; i >= 0; i--)
        {
            await setup.CreateFlowAsync($"S-{i}", placedAt: Start - Duration.FromMinutes(10 - (i / 2)), productId: i % 2 == 0 ? "even" : "odd");
        }

        await setup.ExecuteAsync(new SubmitRequest("s-sub", "S-3", Buyer, "text"));
        await setup.ExecuteAsync(new OpenAppeal("s-appeal", "S-5", Seller, "reason"));
        setup.Clock.Advance(Duration.FromDays(5) + Duration.FromTicks(1));
        var now = setup.Clock.GetCurrentInstant();

        var all = await setup.PageThroughAsync(new FlowQuery { PageSize = 3 }, now);
        var stalled = await setup.PageThroughAsync(new FlowQuery { Stalled = true }, now);
        var notStalled = await setup.PageThroughAsync(new FlowQuery { Stalled = false }, now);

        Check.SequenceEqual(["S-0", "S-1", "S-2", "S-3", "S-4", "S-5", "S-6"], all, "every flow, three to a page");
        Check.SequenceEqual(["S-0", "S-1", "S-2", "S-3", "S-4", "S-6"], stalled, "the stalled flows");
        Check.SequenceEqual(["S-5"], notStalled, "the flows not stalled");
        Check.SequenceEqual(["S-0", "S-2", "S-4", "S-6"], await setup.PageThroughAsync(new FlowQuery { ProductId = "even", PageSize = 1 }, now), "the flows of product \"even\", one to a page");
        Check.SequenceEqual(["S-3"], await setup.PageThroughAsync(new FlowQuery { Stage = Stage.RequestSubmitted }, now), "the flows at RequestSubmitted");
        Check.SequenceEqual(["S-5"], await setup.PageThroughAsync(new FlowQuery { UnderAppeal = true }, now), "the flows under appeal");
        Check.SequenceEqual(["S-3"], await setup.PageThroughAsync(new FlowQuery { WaitingOn = Seller }, now), "the flows waiting on the seller");
        Check.SequenceEqual(["S-0", "S-1", "S-2", "S-4", "S-6"], await setup.PageThroughAsync(new FlowQuery { WaitingOn = Buyer }, now), "the flows waiting on the buyer");
        Check.Empty(await setup.PageThroughAsync(new FlowQuery { BuyerId = "nobody" }, now), "the flows of an unknown buyer");
        Check.Equal(7, (await setup.PageThroughAsync(new FlowQuery { BuyerId = Buyer.Id, SellerId = Seller.Id, Status = OrderStatus.Processing }, now)).Count, "the count of processing flows of the buyer and seller");
        Check.SequenceEqual(["S-2", "S-3"], await setup.PageThroughAsync(new FlowQuery { PlacedFrom = Start - Duration.FromMinutes(9), PlacedBefore = Start - Duration.FromMinutes(8) }, now), "the flows placed in the minute from 9 minutes before the start");

        // Another seller's flow: the seller criterion and "not under appeal" tell it apart.
        Check.Succeeded(await setup.Supervisor.CreateFlowAsync(ConformanceData.Order("S-7", Start - Duration.FromMinutes(1), "odd") with { SellerId = "conformance-other-seller" }, cancellationToken), "creating flow S-7 of another seller");
        Check.SequenceEqual(["S-0", "S-1", "S-2", "S-3", "S-4", "S-5", "S-6"], await setup.PageThroughAsync(new FlowQuery { SellerId = Seller.Id, PageSize = 2 }, now), "the flows of the seller, two to a page");
        Check.SequenceEqual(["S-7"], await setup.PageThroughAsync(new FlowQuery { SellerId = "conformance-other-seller" }, now), "the flows of the other seller");
        Check.SequenceEqual(["S-0", "S-1", "S-2", "S-3", "S-4", "S-6", "S-7"], await setup.PageThroughAsync(new FlowQuery { UnderAppeal = false }, now), "the flows not under appeal");

        // The order status tells apart flows of every status, not only the processing ones.
        await setup.ExecuteAsync(new DecideAppeal("s-close", "S-5", Actor.OperationsManager("conformance-ops"), "Refunded.", AppealOutcome.Close));
        Check.SequenceEqual(["S-5"], await setup.PageThroughAsync(new FlowQuery { Status = OrderStatus.Closed }, now), "the closed flows");
        Check.Empty(await setup.PageThroughAsync(new FlowQuery { Status = OrderStatus.Completed }, now), "the completed flows");
        Check.SequenceEqual(["S-0", "S-1", "S-2", "S-3", "S-4", "S-6", "S-7"], await setup.PageThroughAsync(new FlowQuery { Status = OrderStatus.Processing }, now), "the processing flows");
    }

    private static async Task CodePointOrderAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var placed = Start - Duration.FromMinutes(1);
        foreach (var order in new[] { "\U0001F600", "\uFF21", "Z", "\uFB01x", "A" })
        {
            await setup.CreateFlowAsync(order, placedAt: placed);
        }

        var now = setup.Clock.GetCurrentInstant();
        string[] expected = ["A", "Z", "\uFB01x", "\uFF21", "\U0001F600"];
        Check.SequenceEqual(expected, await setup.PageThroughAsync(new FlowQuery(), now), "the flows placed at one instant");
        Check.SequenceEqual(expected, await setup.PageThroughAsync(new FlowQuery { PageSize = 1 }, now), "the same flows, one to a page");
    }

    private static async Task PlainValuesAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        await setup.CreateFlowAsync("Q-1");

        var page = await setup.Store.SearchAsync(new FlowQuery { BuyerId = "x' OR '1'='1", ProductId = "\"; DROP TABLE supervision_flows; --" }, setup.Clock.GetCurrentInstant(), cancellationToken);

        Check.Empty(page.Items, "the flows found by values that look like SQL");
        Check.NotNull(await setup.Store.LoadAsync("Q-1", cancellationToken), "the flow Q-1 after the search");
    }

    private static async Task AppealQueueAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var manager = Actor.OperationsManager("conformance-ops");
        foreach (var order in new[] { "Q-1", "Q-2", "Q-3", "Q-4", "Q-5" })
        {
            await setup.CreateFlowAsync(order);
        }

        // Placement order is Q-1..Q-5; appeals are opened, so that is the queue's order.
        foreach (var order in new[] { "Q-4", "Q-2", "Q-5", "Q-1" })
        {
            await setup.ExecuteAsync(new OpenAppeal(order + "-appeal", order, Seller, "The buyer does not answer."));
            setup.Clock.Advance(Duration.FromMinutes(10));
        }

        await setup.ExecuteAsync(new DecideAppeal("Q-1-decide", "Q-1", manager, "Resumed.", AppealOutcome.Resume));
        var now = setup.Clock.GetCurrentInstant();

        var queue = await setup.PageThroughAsync(new FlowQuery { WaitingOn = manager, PageSize = 2 }, now);
        var waitingOnBuyer = await setup.PageThroughAsync(new FlowQuery { WaitingOn = Buyer, PageSize = 2 }, now);

        Check.SequenceEqual(["Q-4", "Q-2", "Q-5"], queue, "the appeal queue, two to a page");
        Check.SequenceEqual(["Q-1", "Q-3"], waitingOnBuyer, "the flows waiting on the buyer, two to a page");
    }
}
