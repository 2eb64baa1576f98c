using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace KooGallery.Supervision.Testing;

/// <summary>
/// The behaviour every <see cref="IServiceFlowStore"/> must have: derive a test class from this one in
/// your xunit project, return a new empty store from <see cref="CreateStoreAsync"/>, and run the tests.
/// A store that passes them is a correct store for KooGallery.Supervision.
/// </summary>
/// <remarks>Each test asks for its own new store; none depends on another.</remarks>
public abstract class ServiceFlowStoreConformanceTests
{
    /// <summary>The instant every test clock starts at (a Monday morning).</summary>
    protected static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromNanoseconds(123_456_789);

    private static readonly Actor Buyer = Actor.Buyer("conformance-buyer");
    private static readonly Actor Seller = Actor.Seller("conformance-seller");
    private static readonly ProofReference Sow = new("Statement of work", "https://files.example/sow.pdf");
    private static readonly ProofReference Acceptance = new("Acceptance document", "https://files.example/acceptance.pdf");

    /// <summary>
    /// Creates a new, empty store, with its schema in place. When the store's database is not
    /// available on this machine, call <c>Skip.If</c> (Xunit.SkippableFact) to skip rather than fail.
    /// </summary>
    /// <returns>The store.</returns>
    protected abstract Task<IServiceFlowStore> CreateStoreAsync();

    /// <summary>
    /// Creates a second store instance over the same data as <paramref name="store"/>, as a second
    /// process or node would have. The default returns the same instance (for in-process stores).
    /// </summary>
    /// <param name="store">A store from <see cref="CreateStoreAsync"/>.</param>
    /// <returns>The second instance.</returns>
    protected virtual Task<IServiceFlowStore> CreateStoreOnSameDataAsync(IServiceFlowStore store) => Task.FromResult(store);

    /// <summary>
    /// Damages the stored state of a flow so that it can no longer be read (for example writes text that is
    /// not a flow into the column that holds it), leaving whatever the store keeps for the timer sweep in place.
    /// Override it for a store that keeps flows as data that can be damaged; the default does nothing and
    /// returns false, and the test that needs it is skipped.
    /// </summary>
    /// <param name="store">A store from <see cref="CreateStoreAsync"/>.</param>
    /// <param name="orderNumber">The order number of the flow to damage.</param>
    /// <returns>True when the flow was damaged.</returns>
    protected virtual Task<bool> DamageFlowStateAsync(IServiceFlowStore store, string orderNumber) => Task.FromResult(false);

    /// <summary>A created flow loads back equal in every member, instants to the nanosecond.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Save_NewFlow_LoadsBackEqualToTheNanosecond()
    {
        var (store, supervisor, _) = await ArrangeAsync();
        var created = (await supervisor.CreateFlowAsync(Order("C-1"))).GetValueOrThrow();

        var loaded = await store.LoadAsync("C-1", CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(SupervisionStorageFormat.SerializeFlow(created), SupervisionStorageFormat.SerializeFlow(loaded));
        Assert.Equal(Start - Duration.FromNanoseconds(1), loaded.PlacedAt);
        Assert.Equal(1, loaded.Version);
    }

    /// <summary>Loading an unknown order number gives null and reading its records gives none.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Load_UnknownOrder_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.LoadAsync("missing", CancellationToken.None));
        Assert.Empty(await store.ReadRecordsAsync("missing", CancellationToken.None));
        Assert.Null(await store.FindCommandOutcomeAsync("missing", "missing", CancellationToken.None));
    }

    /// <summary>Creating a flow whose order number exists is a version conflict and writes nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Save_CreateWhenTheFlowExists_IsAVersionConflictAndWritesNothing()
    {
        var (store, supervisor, _) = await ArrangeAsync();
        var created = (await supervisor.CreateFlowAsync(Order("C-2"))).GetValueOrThrow();
        var again = Copy(created, version: 1);
        again.BuyerId = "someone-else";

        var result = await store.SaveAsync(new FlowChange(again, 0, [Record(again, 2)], [Event(again)], null), CancellationToken.None);

        Assert.Equal(FlowSaveResult.VersionConflict, result);
        Assert.Equal(Buyer.Id, (await store.LoadAsync("C-2", CancellationToken.None))!.BuyerId);
        Assert.Single(await store.ReadRecordsAsync("C-2", CancellationToken.None));
        Assert.Empty(await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None));
    }

    /// <summary>A save with a stale expected version writes nothing: no flow, record, event or outcome.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Save_StaleExpectedVersion_IsAVersionConflictAndWritesNothing()
    {
        var (store, supervisor, _) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("C-3"));
        await Must(supervisor.ExecuteAsync(new SubmitRequest("s-1", "C-3", Buyer, "first")));
        var current = (await store.LoadAsync("C-3", CancellationToken.None))!;
        var stale = Copy(current, version: current.Version);
        stale.RequestRejections = 99;
        var outcome = Outcome("stale-command", stale);

        var result = await store.SaveAsync(new FlowChange(stale, current.Version - 1, [Record(stale, current.LastSequence + 1)], [Event(stale)], outcome), CancellationToken.None);

        Assert.Equal(FlowSaveResult.VersionConflict, result);
        var after = (await store.LoadAsync("C-3", CancellationToken.None))!;
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(0, after.RequestRejections);
        Assert.Equal(2, (await store.ReadRecordsAsync("C-3", CancellationToken.None)).Count);
        Assert.Null(await store.FindCommandOutcomeAsync("C-3", "stale-command", CancellationToken.None));
        Assert.DoesNotContain(await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None), e => e.Text == "conformance");
    }

    /// <summary>A save whose command id already has an outcome writes nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Save_CommandIdAlreadyTaken_WritesNothing()
    {
        var (store, supervisor, _) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("C-4"));
        var first = await Must(supervisor.ExecuteAsync(new SubmitRequest("taken", "C-4", Buyer, "first")));
        var current = (await store.LoadAsync("C-4", CancellationToken.None))!;
        var next = Copy(current, version: current.Version + 1);

        var result = await store.SaveAsync(new FlowChange(next, current.Version, [Record(next, current.LastSequence + 1)], [Event(next)], Outcome("taken", next)), CancellationToken.None);

        Assert.Equal(FlowSaveResult.CommandIdTaken, result);
        Assert.Equal(current.Version, (await store.LoadAsync("C-4", CancellationToken.None))!.Version);
        Assert.Equal(current.LastSequence, (await store.ReadRecordsAsync("C-4", CancellationToken.None)).Count);
        Assert.Equal(first, await store.FindCommandOutcomeAsync("C-4", "taken", CancellationToken.None));
    }

    /// <summary>
    /// A command id names a command on its flow (R30): the same id on two flows is two commands, both saved,
    /// each found under its own flow only.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Save_SameCommandIdOnTwoFlows_SavesBothAndFindsEachUnderItsOwnFlow()
    {
        var (store, supervisor, _) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("C-10"));
        await supervisor.CreateFlowAsync(Order("C-11"));

        var first = await Must(supervisor.ExecuteAsync(new SubmitRequest("shared-id", "C-10", Buyer, "first")));
        var second = await Must(supervisor.ExecuteAsync(new SubmitRequest("shared-id", "C-11", Buyer, "second")));

        Assert.False(second.IsReplay);
        Assert.Equal(first, await store.FindCommandOutcomeAsync("C-10", "shared-id", CancellationToken.None));
        Assert.Equal(second, await store.FindCommandOutcomeAsync("C-11", "shared-id", CancellationToken.None));
        Assert.Equal("C-11", (await store.FindCommandOutcomeAsync("C-11", "shared-id", CancellationToken.None))!.OrderNumber);
        Assert.Null(await store.FindCommandOutcomeAsync("C-12", "shared-id", CancellationToken.None));
        Assert.Equal(Stage.RequestSubmitted, (await store.LoadAsync("C-11", CancellationToken.None))!.Stage);
    }

    /// <summary>
    /// A command id taken on one flow stays free on another at the store level too: a raw save with the id
    /// saves, and a second raw save with it on the same flow is refused and writes nothing.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Save_CommandIdTakenOnAnotherFlow_SavesButTwiceOnOneFlowWritesNothing()
    {
        var (store, supervisor, _) = await ArrangeAsync(withHandler: false);
        await supervisor.CreateFlowAsync(Order("C-13"));
        await supervisor.CreateFlowAsync(Order("C-14"));
        await Must(supervisor.ExecuteAsync(new SubmitRequest("raw-id", "C-13", Buyer, "first")));
        var other = (await store.LoadAsync("C-14", CancellationToken.None))!;
        var next = Copy(other, version: other.Version + 1);

        var saved = await store.SaveAsync(new FlowChange(next, other.Version, [Record(next, other.LastSequence + 1)], [], Outcome("raw-id", next)), CancellationToken.None);
        var again = Copy(next, version: next.Version + 1);
        var taken = await store.SaveAsync(new FlowChange(again, next.Version, [Record(again, other.LastSequence + 2)], [Event(again, "taken")], Outcome("raw-id", again)), CancellationToken.None);

        Assert.Equal(FlowSaveResult.Saved, saved);
        Assert.Equal(FlowSaveResult.CommandIdTaken, taken);
        Assert.Equal(next.Version, (await store.LoadAsync("C-14", CancellationToken.None))!.Version);
        Assert.Equal(other.LastSequence + 1, (await store.ReadRecordsAsync("C-14", CancellationToken.None)).Count);
        Assert.Equal(next.Version, (await store.FindCommandOutcomeAsync("C-14", "raw-id", CancellationToken.None))!.FlowVersion);
        Assert.Equal(SupervisionAction.SubmitRequest, (await store.FindCommandOutcomeAsync("C-13", "raw-id", CancellationToken.None))!.Action);
        Assert.DoesNotContain(await store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None), e => e.Text == "taken");
    }

    /// <summary>Records of many saves come back complete and in sequence order, equal to what was saved.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task ReadRecords_AfterAStory_ReturnsEveryRecordInSequence()
    {
        var (store, supervisor, clock) = await ArrangeAsync();
        await PlayStoryAsync(supervisor, clock, "C-6");

        var records = await store.ReadRecordsAsync("C-6", CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(
            [SupervisionAction.CreateFlow, SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest, SupervisionAction.Deliver, SupervisionAction.AcceptDelivery, SupervisionAction.CompleteOnSchedule],
            records.Select(r => r.Action));
        var deliver = records[3];
        Assert.Equal([Sow, Acceptance], deliver.References);
        Assert.Equal(Start + Duration.FromHours(5) + Duration.FromNanoseconds(1), deliver.At);
    }

    /// <summary>A command outcome is kept under its id; a retry through the engine replays it.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task FindCommandOutcome_AfterACommand_ReturnsItsOutcome()
    {
        var (store, supervisor, _) = await ArrangeAsync();
        await supervisor.CreateFlowAsync(Order("C-7"));
        var first = await Must(supervisor.ExecuteAsync(new SubmitRequest("cmd-7", "C-7", Buyer, "text")));

        var stored = await store.FindCommandOutcomeAsync("C-7", "cmd-7", CancellationToken.None);
        var replay = await Must(supervisor.ExecuteAsync(new SubmitRequest("cmd-7", "C-7", Buyer, "text")));

        Assert.Equal(first, stored);
        Assert.True(replay.IsReplay);
        Assert.Equal(2, (await store.LoadAsync("C-7", CancellationToken.None))!.Version);
    }

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

    private static NewServiceFlow Order(string orderNumber, Instant? placedAt = null, string productId = "product") => new()
    {
        OrderNumber = orderNumber,
        BuyerId = Buyer.Id,
        SellerId = Seller.Id,
        ProductId = productId,
        ProductKind = ProductKind.ProfessionalService,
        AmountPaid = 1234.56m,
        Currency = "CNY",
        PlacedAt = placedAt ?? Start - Duration.FromNanoseconds(1),
        RequestTemplate = [new TemplateField("Scope", Required: false)],
    };

    private static async Task<CommandOutcome> Must(ValueTask<SupervisionResult<CommandOutcome>> call)
    {
        var result = await call;
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static async Task AcceptedAsync(ServiceSupervisor supervisor, string order)
    {
        await Must(supervisor.ExecuteAsync(new SubmitRequest(order + "-s", order, Buyer, "text")));
        await Must(supervisor.ExecuteAsync(new AcceptRequest(order + "-a", order, Seller)));
        await Must(supervisor.ExecuteAsync(new Deliver(order + "-d", order, Seller, Sow, Acceptance)));
        await Must(supervisor.ExecuteAsync(new AcceptDelivery(order + "-ad", order, Buyer)));
    }

    private static async Task PlayStoryAsync(ServiceSupervisor supervisor, FakeClock clock, string order)
    {
        (await supervisor.CreateFlowAsync(Order(order))).GetValueOrThrow();
        await Must(supervisor.ExecuteAsync(new SubmitRequest(order + "-s", order, Buyer, "Please migrate the database.")));
        clock.Advance(Duration.FromHours(2));
        await Must(supervisor.ExecuteAsync(new AcceptRequest(order + "-a", order, Seller)));
        clock.Advance(Duration.FromHours(3) + Duration.FromNanoseconds(1));
        await Must(supervisor.ExecuteAsync(new Deliver(order + "-d", order, Seller, Sow, Acceptance)));
        await Must(supervisor.ExecuteAsync(new AcceptDelivery(order + "-ad", order, Buyer)));
        clock.Advance(Duration.FromHours(3));
        await supervisor.ApplyDueTimersAsync();
    }

    private static async Task<List<string>> PageThroughAsync(IServiceFlowStore store, FlowQuery query, Instant now)
    {
        var found = new List<string>();
        for (var page = 0; page < 100; page++)
        {
            var result = await store.SearchAsync(query, now, CancellationToken.None);
            Assert.True(result.Items.Count <= query.PageSize);
            found.AddRange(result.Items.Select(i => i.OrderNumber));
            if (result.Next is null)
            {
                return found;
            }

            query = query with { After = result.Next };
        }

        throw new InvalidOperationException("Paging did not end.");
    }

    private static ServiceFlow Copy(ServiceFlow flow, long version)
    {
        var copy = flow.Copy();
        copy.Version = version;
        return copy;
    }

    private static OperationRecord Record(ServiceFlow flow, long sequence) => new()
    {
        OrderNumber = flow.OrderNumber,
        Sequence = sequence,
        At = Start,
        ActorId = Seller.Id,
        ActorRole = ActorRole.Seller,
        Action = SupervisionAction.PostProgressUpdate,
        StageBefore = flow.Stage,
        StageAfter = flow.Stage,
        Text = "conformance",
    };

    private static SupervisionEvent Event(ServiceFlow flow, string text = "conformance") => new()
    {
        Id = Guid.NewGuid(),
        Kind = SupervisionEventKind.ReminderSent,
        OrderNumber = flow.OrderNumber,
        OccurredAt = Start,
        FlowVersion = flow.Version,
        BuyerId = flow.BuyerId,
        SellerId = flow.SellerId,
        Stage = flow.Stage,
        Text = text,
    };

    private static CommandOutcome Outcome(string commandId, ServiceFlow flow) => new()
    {
        CommandId = commandId,
        OrderNumber = flow.OrderNumber,
        Action = SupervisionAction.PostProgressUpdate,
        StageBefore = flow.Stage,
        StageAfter = flow.Stage,
        FlowVersion = flow.Version,
        RecordSequence = flow.LastSequence + 1,
        At = Start,
        Fingerprint = "conformance",
    };

    /// <summary>Saves <paramref name="count"/> events on a new flow, after marking the flow's own events delivered.</summary>
    private async Task<(IServiceFlowStore Store, SupervisionEvent[] Events)> SavedEventsAsync(string orderNumber, int count)
    {
        var (store, supervisor, _) = await ArrangeAsync(withHandler: false);
        await supervisor.CreateFlowAsync(Order(orderNumber));
        await store.MarkEventsDeliveredAsync((await store.ReadPendingEventsAsync(Instant.MaxValue, 1000, CancellationToken.None)).Select(e => e.Id).ToList(), CancellationToken.None);
        var flow = (await store.LoadAsync(orderNumber, CancellationToken.None))!;
        var next = Copy(flow, version: flow.Version + 1);
        var events = Enumerable.Range(0, count).Select(i => Event(next, $"event {i}")).ToArray();
        Assert.Equal(FlowSaveResult.Saved, await store.SaveAsync(new FlowChange(next, flow.Version, [], events, null), CancellationToken.None));
        return (store, events);
    }

    private async Task<(IServiceFlowStore Store, ServiceSupervisor Supervisor, FakeClock Clock)> ArrangeAsync(bool withHandler = true)
    {
        var store = await CreateStoreAsync();
        var clock = new FakeClock(Start);
        var supervisor = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { MaxCommandAttempts = 100 }, withHandler ? [new NoOpHandler()] : []);
        return (store, supervisor, clock);
    }

    private sealed class NoOpHandler : ISupervisionEventHandler
    {
        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
