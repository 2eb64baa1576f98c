using System.Text;

namespace KooGallery.Supervision.Tests.Storage;

/// <summary>
/// The stored format, pinned by files written before the stored shapes became data (Golden/README.md):
/// every golden file reads back as the object it was written from, and that object is written again
/// to the same bytes.
/// </summary>
public class GoldenFileTests
{
    public static TheoryData<string> FlowFiles => new(GoldenSamples.Flows.Keys);

    [Theory]
    [MemberData(nameof(FlowFiles))]
    public void DeserializeFlow_GoldenFile_ReadsTheFlowItWasWrittenFrom(string name)
    {
        var flow = SupervisionStorageFormat.DeserializeFlow(Golden(name + ".json"));

        flow.Should().BeEquivalentTo(GoldenSamples.Flows[name]);
    }

    [Theory]
    [MemberData(nameof(FlowFiles))]
    public void SerializeFlow_GoldenFlow_WritesTheGoldenBytes(string name)
    {
        var json = SupervisionStorageFormat.SerializeFlow(GoldenSamples.Flows[name]);

        json.Should().Be(Golden(name + ".json"));
    }

    [Fact]
    public void DeserializeRecord_GoldenLines_ReadTheRecordsAndWriteTheSameBytes()
    {
        var lines = GoldenLines("records.jsonl");

        lines.Select(SupervisionStorageFormat.DeserializeRecord).Should().BeEquivalentTo(GoldenSamples.Records, o => o.WithStrictOrdering());
        GoldenSamples.Records.Select(SupervisionStorageFormat.SerializeRecord).Should().Equal(lines);
    }

    [Fact]
    public void DeserializeOutcome_GoldenLines_ReadTheOutcomesAndWriteTheSameBytes()
    {
        var lines = GoldenLines("outcomes.jsonl");

        lines.Select(SupervisionStorageFormat.DeserializeOutcome).Should().Equal(GoldenSamples.Outcomes);
        GoldenSamples.Outcomes.Select(SupervisionStorageFormat.SerializeOutcome).Should().Equal(lines);
    }

    [Fact]
    public void DeserializeEvent_GoldenLines_ReadTheEventsAndWriteTheSameBytes()
    {
        var lines = GoldenLines("events.jsonl");

        lines.Select(SupervisionStorageFormat.DeserializeEvent).Should().Equal(GoldenSamples.Events);
        GoldenSamples.Events.Select(SupervisionStorageFormat.SerializeEvent).Should().Equal(lines);
    }

    private static string Golden(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Golden", file), new UTF8Encoding(false, throwOnInvalidBytes: true));

    private static string[] GoldenLines(string file) =>
        Golden(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
