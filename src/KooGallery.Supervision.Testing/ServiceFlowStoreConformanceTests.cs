using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime.Testing;

namespace KooGallery.Supervision.Testing;

/// <summary>
/// The behaviour every <see cref="IServiceFlowStore"/> must have: derive a test class from this one in
/// your xunit project, return a new empty store from <see cref="CreateStoreAsync"/>, and run the tests.
/// A store that passes them is a correct store for KooGallery.Supervision.
/// </summary>
/// <remarks>Each test asks for its own new store; none depends on another.</remarks>
public abstract partial class ServiceFlowStoreConformanceTests
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
