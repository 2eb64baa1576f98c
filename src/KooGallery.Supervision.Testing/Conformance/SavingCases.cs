using static KooGallery.Supervision.Testing.ConformanceData;

namespace KooGallery.Supervision.Testing;

// Saving and loading: whole flows, version conflicts, command ids (R30), records and outcomes.
internal static class SavingCases
{
    public static IEnumerable<StoreConformanceCase> All =>
    [
        new("Save_NewFlow_LoadsBackEqualToTheNanosecond", "A created flow loads back equal in every member, instants to the nanosecond.", NewFlowLoadsBackAsync),
        new("Load_UnknownOrder_ReturnsNull", "Loading an unknown order number gives null, and reading its records or a command outcome gives none.", UnknownOrderAsync),
        new("Save_CreateWhenTheFlowExists_IsAVersionConflictAndWritesNothing", "Creating a flow whose order number exists is a version conflict and writes nothing.", CreateWhenExistsAsync),
        new("Save_StaleExpectedVersion_IsAVersionConflictAndWritesNothing", "A save with a stale expected version writes nothing: no flow, record, event or outcome.", StaleVersionAsync),
        new("Save_CommandIdAlreadyTaken_WritesNothing", "A save whose command id already has an outcome on the flow writes nothing.", CommandIdTakenAsync),
        new("Save_SameCommandIdOnTwoFlows_SavesBothAndFindsEachUnderItsOwnFlow", "A command id names a command on its flow (R30): the same id on two flows is two commands, both saved, each found under its own flow only.", SameCommandIdOnTwoFlowsAsync),
        new("Save_CommandIdTakenOnAnotherFlow_SavesButTwiceOnOneFlowWritesNothing", "A command id taken on one flow stays free on another at the store level too: a raw save with the id saves, and a second raw save with it on the same flow is refused and writes nothing.", CommandIdOnAnotherFlowAsync, withHandler: false),
        new("Save_RecordSequenceAlreadyStored_IsRefusedAndWritesNothing", "A change whose record repeats a sequence the flow already has (records are only appended, R26) is refused with an exception (the library's stores throw a SupervisionStoreException) and writes nothing.", RecordSequenceTakenAsync, withHandler: false),
        new("Save_EventIdAlreadyPending_IsRefusedAndWritesNothing", "A change whose event has the id of an event still pending is refused with an exception (the library's stores throw a SupervisionStoreException) and writes nothing.", EventIdPendingAsync, withHandler: false),
        new("ReadRecords_AfterAStory_ReturnsEveryRecordInSequence", "The records of many saves come back complete, in sequence order, equal to what was saved.", RecordsInSequenceAsync),
        new("FindCommandOutcome_AfterACommand_ReturnsItsOutcome", "A command outcome is kept under its id, and a retry through the engine replays it.", OutcomeKeptAsync),
        new("LoadForCommand_AnyOrderAndId_GivesWhatLoadAndFindCommandOutcomeGive", "A command's first read gives the flow and the outcome under the id as the two separate reads do: both, the flow alone, or nothing for an unknown order.", LoadForCommandAsync),
    ];

    private static async Task NewFlowLoadsBackAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var created = await setup.CreateFlowAsync("C-1");

        var loaded = await setup.LoadAsync("C-1");

        Check.Equal(SupervisionStorageFormat.Flow.Serialize(created), SupervisionStorageFormat.Flow.Serialize(loaded), "the created flow as loaded, in its stored form");
        Check.Equal(Start - Duration.FromNanoseconds(1), loaded.PlacedAt, "the placing instant loaded");
        Check.Equal(1L, loaded.Version, "the version of a created flow");
    }

    private static async Task UnknownOrderAsync(StoreConformanceContext context, CancellationToken cancellationToken)
    {
        var store = await context.CreateStoreAsync(cancellationToken);

        Check.Null(await store.LoadAsync("missing", cancellationToken), "loading an unknown order number");
        Check.Empty(await store.ReadRecordsAsync("missing", cancellationToken), "the records of an unknown order number");
        Check.Null(await store.FindCommandOutcomeAsync("missing", "missing", cancellationToken), "a command outcome on an unknown order number");
    }

    private static async Task LoadForCommandAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("C-20");
        var submitted = await setup.ExecuteAsync(new SubmitRequest("c20-submit", "C-20", Buyer, "first"));
        var loaded = await setup.LoadAsync("C-20");

        var known = await store.LoadForCommandAsync("C-20", "c20-submit", cancellationToken);
        var unknownId = await store.LoadForCommandAsync("C-20", "never-sent", cancellationToken);
        var unknownOrder = await store.LoadForCommandAsync("missing", "c20-submit", cancellationToken);

        Check.Equal(SupervisionStorageFormat.Flow.Serialize(loaded), known.Flow is null ? null : SupervisionStorageFormat.Flow.Serialize(known.Flow), "the flow C-20 read with a command id, in its stored form");
        Check.Equal(submitted, known.Outcome, "the outcome of \"c20-submit\" read with C-20");
        Check.Equal(loaded.Version, unknownId.Flow?.Version, "the version of C-20 read with a command id never sent");
        Check.Null(unknownId.Outcome, "the outcome of a command id never sent on C-20");
        Check.Null(unknownOrder.Flow, "an unknown order read with a command id");
        Check.Null(unknownOrder.Outcome, "the outcome on an unknown order");
    }

    private static async Task CreateWhenExistsAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        var created = await setup.CreateFlowAsync("C-2");
        var again = Changed(created, version: 1, flow => flow["buyerId"] = "someone-else");

        var result = await store.SaveAsync(new FlowChange(again, 0, [Record(again, 2)], [Event(again)], null), cancellationToken);

        Check.Equal(FlowSaveResult.VersionConflict, result, "creating flow C-2 a second time");
        Check.Equal(Buyer.Id, (await setup.LoadAsync("C-2")).BuyerId, "the buyer of C-2 after the refused creation");
        Check.Equal(1, (await store.ReadRecordsAsync("C-2", cancellationToken)).Count, "the count of records of C-2 after the refused creation");
        Check.Empty(await store.ReadPendingEventsAsync(Instant.MaxValue, 100, cancellationToken), "pending events after the refused creation");
    }

    private static async Task StaleVersionAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("C-3");
        await setup.ExecuteAsync(new SubmitRequest("s-1", "C-3", Buyer, "first"));
        var current = await setup.LoadAsync("C-3");
        var stale = Changed(current, version: current.Version, flow => flow["requestRejections"] = 99);
        var outcome = Outcome("stale-command", stale);

        var result = await store.SaveAsync(new FlowChange(stale, current.Version - 1, [Record(stale, current.LastSequence + 1)], [Event(stale)], outcome), cancellationToken);

        Check.Equal(FlowSaveResult.VersionConflict, result, $"saving C-3 expecting version {current.Version - 1} when it is at {current.Version}");
        var after = await setup.LoadAsync("C-3");
        Check.Equal(current.Version, after.Version, "the version of C-3 after the refused save");
        Check.Equal(0, after.RequestRejections, "the request rejections of C-3 after the refused save");
        Check.Equal(2, (await store.ReadRecordsAsync("C-3", cancellationToken)).Count, "the count of records of C-3 after the refused save");
        Check.Null(await store.FindCommandOutcomeAsync("C-3", "stale-command", cancellationToken), "the outcome of the refused save");
        Check.None(await store.ReadPendingEventsAsync(Instant.MaxValue, 100, cancellationToken), e => e.Text == "conformance", "pending events of the refused save");
    }

    private static async Task CommandIdTakenAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("C-4");
        var first = await setup.ExecuteAsync(new SubmitRequest("taken", "C-4", Buyer, "first"));
        var current = await setup.LoadAsync("C-4");
        var next = Changed(current, version: current.Version + 1);

        var result = await store.SaveAsync(new FlowChange(next, current.Version, [Record(next, current.LastSequence + 1)], [Event(next)], Outcome("taken", next)), cancellationToken);

        Check.Equal(FlowSaveResult.CommandIdTaken, result, "saving a change of C-4 under the command id \"taken\" a second time");
        Check.Equal(current.Version, (await setup.LoadAsync("C-4")).Version, "the version of C-4 after the refused save");
        Check.Equal(current.LastSequence, (await store.ReadRecordsAsync("C-4", cancellationToken)).Count, "the count of records of C-4 after the refused save");
        Check.Equal(first, await store.FindCommandOutcomeAsync("C-4", "taken", cancellationToken), "the outcome kept under \"taken\"");
    }

    private static async Task SameCommandIdOnTwoFlowsAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("C-10");
        await setup.CreateFlowAsync("C-11");

        var first = await setup.ExecuteAsync(new SubmitRequest("shared-id", "C-10", Buyer, "first"));
        var second = await setup.ExecuteAsync(new SubmitRequest("shared-id", "C-11", Buyer, "second"));

        Check.True(!second.IsReplay, "the command \"shared-id\" on C-11 is a new command, not a replay of the one on C-10");
        Check.Equal(first, await store.FindCommandOutcomeAsync("C-10", "shared-id", cancellationToken), "the outcome of \"shared-id\" on C-10");
        Check.Equal(second, await store.FindCommandOutcomeAsync("C-11", "shared-id", cancellationToken), "the outcome of \"shared-id\" on C-11");
        Check.Equal("C-11", (await store.FindCommandOutcomeAsync("C-11", "shared-id", cancellationToken))?.OrderNumber, "the order number of the outcome of \"shared-id\" on C-11");
        Check.Null(await store.FindCommandOutcomeAsync("C-12", "shared-id", cancellationToken), "the outcome of \"shared-id\" on C-12, where it was never sent");
        Check.Equal(Stage.RequestSubmitted, (await setup.LoadAsync("C-11")).Stage, "the stage of C-11");
    }

    private static async Task CommandIdOnAnotherFlowAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        await setup.CreateFlowAsync("C-13");
        await setup.CreateFlowAsync("C-14");
        await setup.ExecuteAsync(new SubmitRequest("raw-id", "C-13", Buyer, "first"));
        var other = await setup.LoadAsync("C-14");
        var next = Changed(other, version: other.Version + 1);

        var saved = await store.SaveAsync(new FlowChange(next, other.Version, [Record(next, other.LastSequence + 1)], [], Outcome("raw-id", next)), cancellationToken);
        var again = Changed(next, version: next.Version + 1);
        var taken = await store.SaveAsync(new FlowChange(again, next.Version, [Record(again, other.LastSequence + 2)], [Event(again, "taken")], Outcome("raw-id", again)), cancellationToken);

        Check.Equal(FlowSaveResult.Saved, saved, "a raw save on C-14 under \"raw-id\", taken on C-13 only");
        Check.Equal(FlowSaveResult.CommandIdTaken, taken, "a second raw save on C-14 under \"raw-id\"");
        Check.Equal(next.Version, (await setup.LoadAsync("C-14")).Version, "the version of C-14 after the refused save");
        Check.Equal(other.LastSequence + 1, (await store.ReadRecordsAsync("C-14", cancellationToken)).Count, "the count of records of C-14 after the refused save");
        Check.Equal(next.Version, (await store.FindCommandOutcomeAsync("C-14", "raw-id", cancellationToken))?.FlowVersion, "the flow version of the outcome of \"raw-id\" on C-14");
        Check.Equal(SupervisionAction.SubmitRequest, (await store.FindCommandOutcomeAsync("C-13", "raw-id", cancellationToken))?.Action, "the action of the outcome of \"raw-id\" on C-13");
        Check.None(await store.ReadPendingEventsAsync(Instant.MaxValue, 100, cancellationToken), e => e.Text == "taken", "pending events of the refused save");
    }

    private static async Task RecordSequenceTakenAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        await setup.CreateFlowAsync("C-21");
        var current = await setup.LoadAsync("C-21");
        var next = Changed(current, version: current.Version + 1);

        var refused = await RefusedAsync(() => setup.Store.SaveAsync(new FlowChange(next, current.Version, [Record(next, current.LastSequence)], [Event(next, "repeated")], Outcome("repeated-sequence", next)), cancellationToken));

        Check.True(refused, $"saving a record of C-21 with the sequence {current.LastSequence} it already has is refused");
        await NothingWrittenAsync(setup, current, "repeated-sequence", "repeated", cancellationToken);
    }

    private static async Task EventIdPendingAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        await setup.CreateFlowAsync("C-22");
        var created = await setup.LoadAsync("C-22");
        var first = Changed(created, version: created.Version + 1);
        var pending = Event(first, "first");
        Check.Equal(FlowSaveResult.Saved, await setup.Store.SaveAsync(new FlowChange(first, created.Version, [], [pending], null), cancellationToken), "saving an event on C-22");
        var current = await setup.LoadAsync("C-22");
        var next = Changed(current, version: current.Version + 1);

        var refused = await RefusedAsync(() => setup.Store.SaveAsync(new FlowChange(next, current.Version, [Record(next, current.LastSequence + 1)], [Event(next, "repeated") with { Id = pending.Id }], Outcome("repeated-event", next)), cancellationToken));

        Check.True(refused, "saving an event of C-22 with the id of one still pending is refused");
        await NothingWrittenAsync(setup, current, "repeated-event", "repeated", cancellationToken);
        Check.Equal(1, (await setup.Store.ReadPendingEventsAsync(Instant.MaxValue, 100, cancellationToken)).Count(e => e.Id == pending.Id), "the pending event of C-22, once");
    }

    private static async Task<bool> RefusedAsync(Func<ValueTask<FlowSaveResult>> save)
    {
        try
        {
            await save();
            return false;
        }
        catch (Exception exception) when (exception is not (StoreConformanceException or OperationCanceledException))
        {
            // Any refusal will do: the contract asks that such a change is not saved, and nothing of it written.
            return true;
        }
    }

    private static async Task NothingWrittenAsync(ConformanceSetup setup, ServiceFlow before, string commandId, string eventText, CancellationToken cancellationToken)
    {
        var store = setup.Store;
        Check.Equal(before.Version, (await setup.LoadAsync(before.OrderNumber)).Version, $"the version of {before.OrderNumber} after the refused save");
        Check.Equal(before.LastSequence, (long)(await store.ReadRecordsAsync(before.OrderNumber, cancellationToken)).Count, $"the count of records of {before.OrderNumber} after the refused save");
        Check.Null(await store.FindCommandOutcomeAsync(before.OrderNumber, commandId, cancellationToken), $"the outcome of the refused save on {before.OrderNumber}");
        Check.None(await store.ReadPendingEventsAsync(Instant.MaxValue, 100, cancellationToken), e => e.Text == eventText, $"pending events of the refused save on {before.OrderNumber}");
    }

    private static async Task RecordsInSequenceAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        await setup.PlayStoryAsync("C-6");

        var records = await setup.Store.ReadRecordsAsync("C-6", cancellationToken);

        Check.SequenceEqual(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence), "the sequence numbers of the records of C-6");
        Check.SequenceEqual(
            [SupervisionAction.CreateFlow, SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest, SupervisionAction.Deliver, SupervisionAction.AcceptDelivery, SupervisionAction.CompleteOnSchedule],
            records.Select(r => r.Action),
            "the actions of the records of C-6");
        var deliver = records[3];
        Check.SequenceEqual([Sow, Acceptance], deliver.References, "the references of the delivery record");
        Check.Equal(Start + Duration.FromHours(5) + Duration.FromNanoseconds(1), deliver.At, "the instant of the delivery record");

        // Every member of every record, as the same story saves it in the in-memory store.
        using var reference = setup.Reference();
        await reference.PlayStoryAsync("C-6");
        var saved = await reference.Store.ReadRecordsAsync("C-6", cancellationToken);
        Check.SequenceEqual(saved.Select(SupervisionStorageFormat.Record.Serialize), records.Select(SupervisionStorageFormat.Record.Serialize), "the records of C-6 in their stored form");
    }

    private static async Task OutcomeKeptAsync(ConformanceSetup setup, CancellationToken cancellationToken)
    {
        await setup.CreateFlowAsync("C-7");
        var first = await setup.ExecuteAsync(new SubmitRequest("cmd-7", "C-7", Buyer, "text"));

        var stored = await setup.Store.FindCommandOutcomeAsync("C-7", "cmd-7", cancellationToken);
        var replay = await setup.ExecuteAsync(new SubmitRequest("cmd-7", "C-7", Buyer, "text"));

        Check.Equal(first, stored, "the outcome kept under \"cmd-7\"");
        Check.True(replay.IsReplay, "the retry of \"cmd-7\" is a replay");
        Check.Equal(2L, (await setup.LoadAsync("C-7")).Version, "the version of C-7 after a command and its retry");
    }
}
