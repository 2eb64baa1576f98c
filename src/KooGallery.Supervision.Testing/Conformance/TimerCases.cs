using static KooGallery.Supervision.Testing.ConformanceData;

namespace KooGallery.Supervision.Testing;

// The timer index: due flows and parked timers.
internal static class TimerCases
{
    public static IEnumerable<StoreConformanceCase> All =>
    [
        new("FindDue_ReturnsDueFlowsEarliestFirstWithinTheLimit", "Only flows with a timer due at or before now are found, earliest first and at most the count asked.", DueEarliestFirstAsync),
        new("FindDue_AfterTheSweepAppliedTheTimer_NoLongerReturnsTheFlow", "A saved change moves the flow in the due index: a completed flow is never due again.", NotDueAfterSweepAsync),
        new("ParkTimers_ParkedFlow_IsLeftOutUntilItsRetryAndASaveEndsTheParking", "A parked flow is left out of the due flows until its retry instant, then found again; the count of failures in a row grows with each park, and a saved change ends the parking and resets the count.", ParkedUntilRetryAsync),
        new("ParkTimers_FlowWhoseStateCannotBeRead_IsParkedWithoutReadingIt", "Parking does not read the flow: a flow whose stored state cannot be read (one reason its timers fail) is parked like any other, so that it cannot come back in every sweep ahead of healthy flows. Needs StoreConformanceContext.DamageFlowState.", ParkedWithoutReadingAsync),
        new("Defect_ParkedFlows_DoNotShadowHealthyOnes", "Flows whose timers keep failing are parked, so they never fill the due batches ahead of healthy flows: a healthy due flow behind 200 parked ones, due earlier, is found in one call that asks for 10.", ParkedDoNotShadowAsync),
    ];

    private static async Task DueEarliestFirstAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        foreach (var (order, offset) in new[] { ("D-3", 3), ("D-1", 1), ("D-2", 2), ("D-9", 9) })
        {
            await setup.CreateFlowAsync(order);
            await setup.AcceptedAsync(order);
            setup.Clock.Advance(Duration.FromMinutes(offset));
        }

        var dueAt = Check.HasValue((await setup.LoadAsync("D-2")).CompletionDueAt, "the completion due instant of the accepted D-2");
        var earliest = Check.HasValue((await setup.LoadAsync("D-3")).CompletionDueAt, "the completion due instant of the accepted D-3");

        // One call each: a store shared by several nodes may claim what it returns (see FindDueAsync). The calls that
        // find nothing come first, so they claim nothing.
        var none = await setup.Store.FindDueAsync(Start, 10, cancellationToken);
        var justBefore = await setup.Store.FindDueAsync(earliest - Duration.Epsilon, 10, cancellationToken);
        var limited = await setup.Store.FindDueAsync(dueAt, 2, cancellationToken);

        Check.Empty(none, "the flows due at the start");
        Check.Empty(justBefore, "the flows due one nanosecond before the earliest timer");
        Check.SequenceEqual(["D-3", "D-1"], limited, "the first two flows due when D-2 is");
    }

    private static async Task NotDueAfterSweepAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        await setup.CreateFlowAsync("D-10");
        await setup.AcceptedAsync("D-10");
        setup.Clock.Advance(Duration.FromHours(3));
        Check.Equal(setup.Clock.GetCurrentInstant(), (await setup.LoadAsync("D-10")).NextTimerDueAt, "the next timer of D-10, three hours after its delivery was accepted");

        var sweep = await setup.Supervisor.ApplyDueTimersAsync(cancellationToken);

        Check.Equal(1, sweep.FlowsUpdated, "the flows the sweep updated");
        Check.Empty(await setup.Store.FindDueAsync(setup.Clock.GetCurrentInstant() + Duration.FromDays(1000), 10, cancellationToken), "the flows due in a thousand days, after the sweep completed D-10");
        Check.Equal(Stage.Completed, (await setup.LoadAsync("D-10")).Stage, "the stage of D-10 after the sweep");
    }

    private static async Task ParkedUntilRetryAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("K-1");
        var due = Check.HasValue((await setup.LoadAsync("K-1")).NextTimerDueAt, "the next timer of the created K-1");
        var asked = new List<int>();
        Instant RetryAt(int failures)
        {
            asked.Add(failures);
            return due + Duration.FromDays(10 * failures);
        }

        var counts = new[]
        {
            await store.ParkTimersAsync("K-1", RetryAt, cancellationToken),
            await store.ParkTimersAsync("K-1", RetryAt, cancellationToken),
            await store.ParkTimersAsync("K-1", RetryAt, cancellationToken),
        };

        // One call per instant: a store shared by several nodes may claim what it returns (see FindDueAsync).
        var beforeRetry = await store.FindDueAsync(due + Duration.FromDays(29), 10, cancellationToken);
        var atRetry = await store.FindDueAsync(due + Duration.FromDays(30), 10, cancellationToken);
        Check.SequenceEqual([1, 2, 3], counts, "the failures in a row that three parks of K-1 return");
        Check.SequenceEqual([1, 2, 3], asked, "the failures in a row the store asked the retry instant for");
        Check.Empty(beforeRetry, "the flows due a day before the parked K-1's retry");
        Check.SequenceEqual(["K-1"], atRetry, "the flows due at the parked K-1's retry");

        // A saved change: the flow is due at its own next timer again, and the next park counts from one.
        setup.Clock.Advance(Duration.FromHours(1));
        await setup.ExecuteAsync(new SubmitRequest("k1-s", "K-1", Buyer, "text"));
        var ownDue = Check.HasValue((await setup.LoadAsync("K-1")).NextTimerDueAt, "the next timer of K-1 after a request");
        var afterSave = await store.FindDueAsync(ownDue, 10, cancellationToken);
        var fresh = await store.ParkTimersAsync("K-1", _ => ownDue + Duration.FromDays(100), cancellationToken);

        Check.True(ownDue < due + Duration.FromDays(29), $"the next timer of K-1 after a request ({ownDue}) comes before its parked retry");
        Check.SequenceEqual(["K-1"], afterSave, "the flows due at K-1's own next timer, after a saved change ended its parking");
        Check.Equal(1, fresh, "the failures in a row of the first park after the saved change");
        Check.Equal(0, await store.ParkTimersAsync("missing", _ => throw new StoreConformanceException("The store asked for the retry of a missing flow."), cancellationToken), "the failures in a row of parking a missing flow");
    }

    private static async Task ParkedWithoutReadingAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("K-2");
        var due = Check.HasValue((await setup.LoadAsync("K-2")).NextTimerDueAt, "the next timer of the created K-2");
        await setup.Context.DamageFlowStateAsync(store, "K-2", cancellationToken);

        var count = await store.ParkTimersAsync("K-2", _ => due + Duration.FromDays(1), cancellationToken);

        Check.Equal(1, count, "the failures in a row of the damaged K-2 after one park");
        Check.Empty(await store.FindDueAsync(due, 10, cancellationToken), "the flows due when the parked K-2 was");
        Check.SequenceEqual(["K-2"], await store.FindDueAsync(due + Duration.FromDays(1), 10, cancellationToken), "the flows due at the parked K-2's retry");
    }

    private static async Task ParkedDoNotShadowAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        var first = await setup.CreateFlowAsync("K-000");
        var parked = new List<string> { first.OrderNumber };
        for (var i = 1; i < 200; i++)
        {
            var copy = Changed(first, version: 1, flow => flow["orderNumber"] = $"K-{i:000}");
            Check.Equal(FlowSaveResult.Saved, await store.SaveAsync(new FlowChange(copy, 0, [], [], null), cancellationToken), $"creating {copy.OrderNumber}");
            parked.Add(copy.OrderNumber);
        }

        setup.Clock.Advance(Duration.FromMinutes(1));
        await setup.CreateFlowAsync("K-healthy");
        var healthyDue = Check.HasValue((await setup.LoadAsync("K-healthy")).NextTimerDueAt, "the next timer of the created K-healthy");
        foreach (var orderNumber in parked)
        {
            Check.Equal(1, await store.ParkTimersAsync(orderNumber, _ => healthyDue + Duration.FromDays(100), cancellationToken), $"the failures in a row of {orderNumber} after one park");
        }

        var found = await store.FindDueAsync(healthyDue, 10, cancellationToken);

        Check.True(first.NextTimerDueAt < healthyDue, "the parked flows were due before the healthy one");
        Check.SequenceEqual(["K-healthy"], found, "a call for 10 due flows, behind 200 parked ones due earlier");
    }
}
