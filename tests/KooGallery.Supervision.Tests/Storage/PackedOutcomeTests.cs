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

    private static CommandOutcome Outcome(string fingerprint) => new()
    {
        CommandId = "c-1", OrderNumber = "ORD-1", Action = SupervisionAction.SubmitRequest, StageBefore = Stage.AwaitingRequest,
        StageAfter = Stage.RequestSubmitted, FlowVersion = 2, RecordSequence = 2, At = GoldenSamples.T0, Fingerprint = fingerprint,
    };
}
