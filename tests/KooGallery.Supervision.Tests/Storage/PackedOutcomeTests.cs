namespace KooGallery.Supervision.Tests.Storage;

/// <summary>The in-memory store packs a fingerprint of 32 hex digits in one case into two numbers, and keeps any other as text.</summary>
public class PackedOutcomeTests
{
    [Theory]
    [InlineData("87c414cb7b78c5fb4e6cdf00c187a9d9", true)]
    [InlineData("9F948D9D544F474692D437EFB1C68407", true)]
    [InlineData("01234567890123456789012345678901", true)]
    [InlineData("0000000000000000ffffffffffffffff", true)]
    [InlineData("87c414cb7b78c5fb4E6CDF00C187A9D9", false)]
    [InlineData("87c414cb7b78c5fb4e6cdf00c187a9d", false)]
    [InlineData("+7c414cb7b78c5fb4e6cdf00c187a9d9", false)]
    [InlineData("ABC", false)]
    public void ToOutcome_PackedFingerprint_GivesTheSameText(string fingerprint, bool compact)
    {
        var outcome = Outcome(fingerprint);

        var packed = new PackedOutcome(outcome, out var packedCompact);

        packedCompact.Should().Be(compact);
        packed.ToOutcome("ORD-1", "c-1", packedCompact ? null : fingerprint).Should().Be(outcome);
    }

    [Theory]
    [InlineData("87c414cb7b78c5fb4e6cdf00c187a9d9")]
    [InlineData("9F948D9D544F474692D437EFB1C68407")]
    [InlineData("87c414cb7b78c5fb4E6CDF00C187A9D9")]
    [InlineData("not hex at all")]
    public async Task FindCommandOutcomeAsync_SavedOutcome_ReturnsItsFingerprintExactly(string fingerprint)
    {
        var store = new InMemoryServiceFlowStore();
        var flow = GoldenSamples.Flows["flow-awaiting-request"];
        var outcome = Outcome(fingerprint) with { OrderNumber = flow.OrderNumber };

        (await store.SaveAsync(new FlowChange(flow, 0, [], [], outcome), CancellationToken.None)).Should().Be(FlowSaveResult.Saved);

        (await store.FindCommandOutcomeAsync(flow.OrderNumber, "c-1", CancellationToken.None)).Should().Be(outcome);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(30)]
    public async Task A_flow_keeps_every_outcome_as_saved_whether_few_or_many(int commands)
    {
        // Every outcome is found under its own id, with its own fingerprint (packed or not), however many the flow has.
        var store = new InMemoryServiceFlowStore();
        var flow = GoldenSamples.Flows["flow-awaiting-request"].Copy();
        flow.Version = 0;
        var saved = new List<CommandOutcome>();
        for (var i = 0; i < commands; i++)
        {
            var draft = flow.Copy();
            draft.Version = flow.Version + 1;
            var fingerprint = i % 3 == 2 ? $"unusual {i}" : $"{i:x32}";
            var outcome = Outcome(fingerprint) with { CommandId = $"c-{i}", OrderNumber = flow.OrderNumber, FlowVersion = draft.Version };
            (await store.SaveAsync(new FlowChange(draft, flow.Version, [], [], outcome), CancellationToken.None)).Should().Be(FlowSaveResult.Saved);
            saved.Add(outcome);
            flow = draft;
        }

        foreach (var outcome in saved)
        {
            (await store.FindCommandOutcomeAsync(flow.OrderNumber, outcome.CommandId, CancellationToken.None)).Should().Be(outcome);
            (await store.LoadForCommandAsync(flow.OrderNumber, outcome.CommandId, CancellationToken.None)).Outcome.Should().Be(outcome);
        }

        (await store.FindCommandOutcomeAsync(flow.OrderNumber, "c-unknown", CancellationToken.None)).Should().BeNull();
        (await store.FindCommandOutcomeAsync("ORD-unknown", "c-0", CancellationToken.None)).Should().BeNull();

        // An id already taken is refused with nothing saved, before and after the move alike.
        var again = flow.Copy();
        again.Version = flow.Version + 1;
        var taken = Outcome("0123") with { CommandId = $"c-{commands - 1}", OrderNumber = flow.OrderNumber };
        (await store.SaveAsync(new FlowChange(again, flow.Version, [], [], taken), CancellationToken.None)).Should().Be(FlowSaveResult.CommandIdTaken);
        (await store.LoadAsync(flow.OrderNumber, CancellationToken.None))!.Version.Should().Be(flow.Version);
    }

    [Fact]
    public async Task Two_flows_may_use_the_same_command_id_and_each_keeps_its_own_outcome()
    {
        // Command ids are scoped to their flow (R30): the store keys outcomes by the id and keeps a second flow's use
        // of the same id apart, with its own fingerprint.
        var store = new InMemoryServiceFlowStore();
        var first = GoldenSamples.Flows["flow-awaiting-request"].Copy();
        var second = first.Copy();
        second.OrderNumber = "ORD-SECOND";
        var firstOutcome = Outcome($"{1:x32}") with { OrderNumber = first.OrderNumber };
        var secondOutcome = Outcome("unusual second") with { OrderNumber = second.OrderNumber, RecordSequence = 7 };

        (await store.SaveAsync(new FlowChange(first, 0, [], [], firstOutcome), CancellationToken.None)).Should().Be(FlowSaveResult.Saved);
        (await store.SaveAsync(new FlowChange(second, 0, [], [], secondOutcome), CancellationToken.None)).Should().Be(FlowSaveResult.Saved);

        (await store.FindCommandOutcomeAsync(first.OrderNumber, "c-1", CancellationToken.None)).Should().Be(firstOutcome);
        (await store.FindCommandOutcomeAsync(second.OrderNumber, "c-1", CancellationToken.None)).Should().Be(secondOutcome);
        (await store.LoadForCommandAsync(second.OrderNumber, "c-1", CancellationToken.None)).Outcome.Should().Be(secondOutcome);
        (await store.FindCommandOutcomeAsync("ORD-THIRD", "c-1", CancellationToken.None)).Should().BeNull();

        // A third flow with the id already shared: kept apart as well, and the other two unchanged.
        var third = first.Copy();
        third.OrderNumber = "ORD-THIRD";
        var thirdOutcome = Outcome($"{3:x32}") with { OrderNumber = third.OrderNumber, RecordSequence = 9 };
        (await store.SaveAsync(new FlowChange(third, 0, [], [], thirdOutcome), CancellationToken.None)).Should().Be(FlowSaveResult.Saved);
        (await store.FindCommandOutcomeAsync(third.OrderNumber, "c-1", CancellationToken.None)).Should().Be(thirdOutcome);
        (await store.FindCommandOutcomeAsync(first.OrderNumber, "c-1", CancellationToken.None)).Should().Be(firstOutcome);
        (await store.FindCommandOutcomeAsync(second.OrderNumber, "c-1", CancellationToken.None)).Should().Be(secondOutcome);

        var again = second.Copy();
        again.Version = second.Version + 1;
        (await store.SaveAsync(new FlowChange(again, second.Version, [], [], secondOutcome), CancellationToken.None)).Should().Be(FlowSaveResult.CommandIdTaken);
    }

    private static CommandOutcome Outcome(string fingerprint) => new()
    {
        CommandId = "c-1", OrderNumber = "ORD-1", Action = SupervisionAction.SubmitRequest, StageBefore = Stage.AwaitingRequest,
        StageAfter = Stage.RequestSubmitted, FlowVersion = 2, RecordSequence = 2, At = GoldenSamples.T0, Fingerprint = fingerprint,
    };
}
