using System;
using System.Collections.Generic;

namespace KooGallery.Supervision.Testing;

// The timer index: due flows and parked timers.
public abstract partial class ServiceFlowStoreConformanceTests
{
    /// <summary>Only flows with a timer due at or before now are found, earliest first and at most the count asked.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task FindDue_ReturnsDueFlowsEarliestFirstWithinTheLimit()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        foreach (var (order, offset) in new[] { ("D-3", 3), ("D-1", 1), ("D-2", 2), ("D-9", 9) })
        {
            await supervisor.CreateFlowAsync(Order(order));
            await AcceptedAsync(supervisor, order);
            clock.Advance(Duration.FromMinutes(offset));
        }

        var dueAt = (await store.LoadAsync("D-2", CancellationToken.None))!.CompletionDueAt!.Value;

        // One call each: a store shared by several nodes may claim what it returns (see FindDueAsync).
        var none = await store.FindDueAsync(Start, 10, CancellationToken.None);
        var limited = await store.FindDueAsync(dueAt, 2, CancellationToken.None);

        Assert.Empty(none);
        Assert.Equal(["D-3", "D-1"], limited);
    }

    /// <summary>A saved change moves the flow in the due index: a completed flow is never due again.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task FindDue_AfterTheSweepAppliedTheTimer_NoLongerReturnsTheFlow()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("D-10"));
        await AcceptedAsync(supervisor, "D-10");
        clock.Advance(Duration.FromHours(3));
        Assert.Equal(clock.GetCurrentInstant(), (await store.LoadAsync("D-10", CancellationToken.None))!.NextTimerDueAt);

        var sweep = await supervisor.ApplyDueTimersAsync();

        Assert.Equal(1, sweep.FlowsUpdated);
        Assert.Empty(await store.FindDueAsync(clock.GetCurrentInstant() + Duration.FromDays(1000), 10, CancellationToken.None));
        Assert.Equal(Stage.Completed, (await store.LoadAsync("D-10", CancellationToken.None))!.Stage);
    }

    /// <summary>
    /// A parked flow is left out of the due flows until its retry instant, then found again; the count of
    /// failures in a row grows with each park, and a saved change ends the parking and resets the count.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task ParkTimers_ParkedFlow_IsLeftOutUntilItsRetryAndASaveEndsTheParking()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("K-1"));
        var due = (await store.LoadAsync("K-1", CancellationToken.None))!.NextTimerDueAt!.Value;
        var asked = new List<int>();
        Instant RetryAt(int failures)
        {
            asked.Add(failures);
            return due + Duration.FromDays(10 * failures);
        }

        var counts = new[]
        {
            await store.ParkTimersAsync("K-1", RetryAt, CancellationToken.None),
            await store.ParkTimersAsync("K-1", RetryAt, CancellationToken.None),
            await store.ParkTimersAsync("K-1", RetryAt, CancellationToken.None),
        };

        // One call per instant: a store shared by several nodes may claim what it returns (see FindDueAsync).
        var beforeRetry = await store.FindDueAsync(due + Duration.FromDays(29), 10, CancellationToken.None);
        var atRetry = await store.FindDueAsync(due + Duration.FromDays(30), 10, CancellationToken.None);
        Assert.Equal([1, 2, 3], counts);
        Assert.Equal([1, 2, 3], asked);
        Assert.Empty(beforeRetry);
        Assert.Equal(["K-1"], atRetry);

        // A saved change: the flow is due at its own next timer again, and the next park counts from one.
        clock.Advance(Duration.FromHours(1));
        await Must(supervisor.ExecuteAsync(new SubmitRequest("k1-s", "K-1", Buyer, "text")));
        var ownDue = (await store.LoadAsync("K-1", CancellationToken.None))!.NextTimerDueAt!.Value;
        var afterSave = await store.FindDueAsync(ownDue, 10, CancellationToken.None);
        var fresh = await store.ParkTimersAsync("K-1", _ => ownDue + Duration.FromDays(100), CancellationToken.None);

        Assert.True(ownDue < due + Duration.FromDays(29));
        Assert.Equal(["K-1"], afterSave);
        Assert.Equal(1, fresh);
        Assert.Equal(0, await store.ParkTimersAsync("missing", _ => throw new InvalidOperationException("not asked for a missing flow"), CancellationToken.None));
    }

    /// <summary>
    /// Parking does not read the flow: a flow whose stored state cannot be read (one reason its timers fail)
    /// is parked like any other, so that it cannot come back in every sweep ahead of healthy flows.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task ParkTimers_FlowWhoseStateCannotBeRead_IsParkedWithoutReadingIt()
    {
        var (store, supervisor, _) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("K-2"));
        var due = (await store.LoadAsync("K-2", CancellationToken.None))!.NextTimerDueAt!.Value;
        Skip.IfNot(await DamageFlowStateAsync(store, "K-2"), "The store's tests do not damage a stored flow (override DamageFlowStateAsync to run this test).");

        var count = await store.ParkTimersAsync("K-2", _ => due + Duration.FromDays(1), CancellationToken.None);

        Assert.Equal(1, count);
        Assert.Empty(await store.FindDueAsync(due, 10, CancellationToken.None));
        Assert.Equal(["K-2"], await store.FindDueAsync(due + Duration.FromDays(1), 10, CancellationToken.None));
    }

    /// <summary>
    /// Flows whose timers keep failing are parked, so they never fill the due batches ahead of healthy flows:
    /// a healthy due flow behind 200 parked ones, due earlier, is found in one call that asks for 10.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Defect_ParkedFlows_DoNotShadowHealthyOnes()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        var first = (await supervisor.CreateFlowAsync(Order("K-000"))).GetValueOrThrow();
        var parked = new List<string> { first.OrderNumber };
        for (var i = 1; i < 200; i++)
        {
            var copy = Copy(first, version: 1);
            copy.OrderNumber = $"K-{i:000}";
            Assert.Equal(FlowSaveResult.Saved, await store.SaveAsync(new FlowChange(copy, 0, [], [], null), CancellationToken.None));
            parked.Add(copy.OrderNumber);
        }

        clock.Advance(Duration.FromMinutes(1));
        await supervisor.CreateFlowAsync(Order("K-healthy"));
        var healthyDue = (await store.LoadAsync("K-healthy", CancellationToken.None))!.NextTimerDueAt!.Value;
        foreach (var orderNumber in parked)
        {
            Assert.Equal(1, await store.ParkTimersAsync(orderNumber, _ => healthyDue + Duration.FromDays(100), CancellationToken.None));
        }

        var found = await store.FindDueAsync(healthyDue, 10, CancellationToken.None);

        Assert.True(first.NextTimerDueAt < healthyDue);
        Assert.Equal(["K-healthy"], found);
    }
}
