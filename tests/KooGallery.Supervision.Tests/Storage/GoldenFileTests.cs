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

    [Theory]
    [MemberData(nameof(FlowFiles))]
    public void SerializeFlowToUtf8_GoldenFlow_WritesTheGoldenFilesBytesAndReadsThemBack(string name)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        System.Buffers.BuffersExtensions.Write(buffer, "left by an earlier document"u8);
        buffer.ResetWrittenCount();

        SupervisionStorageFormat.SerializeFlowToUtf8(GoldenSamples.Flows[name], buffer);

        buffer.WrittenSpan.ToArray().Should().Equal(Encoding.UTF8.GetBytes(Golden(name + ".json")));
        SupervisionStorageFormat.DeserializeFlowFromUtf8(buffer.WrittenSpan).Should().BeEquivalentTo(GoldenSamples.Flows[name]);
    }

    [Fact]
    public void SerializeToUtf8_GoldenRecordsOutcomesAndEvents_WriteTheGoldenLinesBytes()
    {
        var records = GoldenSamples.Records.Select(record => Utf8(buffer => SupervisionStorageFormat.SerializeRecordToUtf8(record, buffer)));
        var outcomes = GoldenSamples.Outcomes.Select(outcome => Utf8(buffer => SupervisionStorageFormat.SerializeOutcomeToUtf8(outcome, buffer)));
        var events = GoldenSamples.Events.Select(supervisionEvent => Utf8(buffer => SupervisionStorageFormat.SerializeEventToUtf8(supervisionEvent, buffer)));

        records.Should().Equal(GoldenLines("records.jsonl"));
        outcomes.Should().Equal(GoldenLines("outcomes.jsonl"));
        events.Should().Equal(GoldenLines("events.jsonl"));
        GoldenLines("outcomes.jsonl").Select(line => SupervisionStorageFormat.DeserializeOutcomeFromUtf8(Encoding.UTF8.GetBytes(line))).Should().Equal(GoldenSamples.Outcomes);
        GoldenLines("records.jsonl").Select(line => SupervisionStorageFormat.DeserializeRecordFromUtf8(Encoding.UTF8.GetBytes(line)))
            .Should().BeEquivalentTo(GoldenSamples.Records, o => o.WithStrictOrdering());
        GoldenLines("events.jsonl").Select(line => SupervisionStorageFormat.DeserializeEventFromUtf8(Encoding.UTF8.GetBytes(line))).Should().Equal(GoldenSamples.Events);
    }

    [Fact]
    public void DeserializeFromUtf8_BytesThatAreNotAStoredDocument_ThrowFormatException()
    {
        var flow = () => SupervisionStorageFormat.DeserializeFlowFromUtf8("{\"orderNumber\": 12"u8);
        var outcome = () => SupervisionStorageFormat.DeserializeOutcomeFromUtf8("not json"u8);

        var record = () => SupervisionStorageFormat.DeserializeRecordFromUtf8("[]"u8);
        var supervisionEvent = () => SupervisionStorageFormat.DeserializeEventFromUtf8("{\"id\": true}"u8);
        var notUtf8 = () => SupervisionStorageFormat.DeserializeOutcomeFromUtf8([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']);

        flow.Should().Throw<FormatException>().WithMessage("The stored flow is not valid*");
        outcome.Should().Throw<FormatException>().WithMessage("The stored command outcome is not valid*");
        record.Should().Throw<FormatException>().WithMessage("The stored operation record is not valid*");
        supervisionEvent.Should().Throw<FormatException>().WithMessage("The stored event is not valid*");
        notUtf8.Should().Throw<FormatException>().WithMessage("The stored command outcome is not valid*");
    }

    private static string Utf8(Action<System.Buffers.ArrayBufferWriter<byte>> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        write(buffer);
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.WrittenSpan);
    }

    private static string Golden(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Golden", file), new UTF8Encoding(false, throwOnInvalidBytes: true));

    private static string[] GoldenLines(string file) =>
        Golden(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
