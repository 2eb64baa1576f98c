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
        var flow = SupervisionStorageFormat.Flow.Deserialize(Golden(name + ".json"));

        flow.Should().BeEquivalentTo(GoldenSamples.Flows[name]);
    }

    [Theory]
    [MemberData(nameof(FlowFiles))]
    public void SerializeFlow_GoldenFlow_WritesTheGoldenBytes(string name)
    {
        var json = SupervisionStorageFormat.Flow.Serialize(GoldenSamples.Flows[name]);

        json.Should().Be(Golden(name + ".json"));
    }

    [Fact]
    public void DeserializeRecord_GoldenLines_ReadTheRecordsAndWriteTheSameBytes()
    {
        var lines = GoldenLines("records.jsonl");

        lines.Select(SupervisionStorageFormat.Record.Deserialize).Should().BeEquivalentTo(GoldenSamples.Records, o => o.WithStrictOrdering());
        GoldenSamples.Records.Select(SupervisionStorageFormat.Record.Serialize).Should().Equal(lines);
    }

    [Fact]
    public void DeserializeOutcome_GoldenLines_ReadTheOutcomesAndWriteTheSameBytes()
    {
        var lines = GoldenLines("outcomes.jsonl");

        lines.Select(SupervisionStorageFormat.Outcome.Deserialize).Should().Equal(GoldenSamples.Outcomes);
        GoldenSamples.Outcomes.Select(SupervisionStorageFormat.Outcome.Serialize).Should().Equal(lines);
    }

    [Fact]
    public void DeserializeEvent_GoldenLines_ReadTheEventsAndWriteTheSameBytes()
    {
        var lines = GoldenLines("events.jsonl");

        lines.Select(SupervisionStorageFormat.Event.Deserialize).Should().Equal(GoldenSamples.Events);
        GoldenSamples.Events.Select(SupervisionStorageFormat.Event.Serialize).Should().Equal(lines);
    }

    [Theory]
    [MemberData(nameof(FlowFiles))]
    public void SerializeFlowToUtf8_GoldenFlow_WritesTheGoldenFilesBytesAndReadsThemBack(string name)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        System.Buffers.BuffersExtensions.Write(buffer, "left by an earlier document"u8);
        buffer.ResetWrittenCount();

        SupervisionStorageFormat.Flow.SerializeToUtf8(GoldenSamples.Flows[name], buffer);

        buffer.WrittenSpan.ToArray().Should().Equal(Encoding.UTF8.GetBytes(Golden(name + ".json")));
        SupervisionStorageFormat.Flow.DeserializeFromUtf8(buffer.WrittenSpan).Should().BeEquivalentTo(GoldenSamples.Flows[name]);
    }

    [Fact]
    public void SerializeToUtf8_GoldenRecordsOutcomesAndEvents_WriteTheGoldenLinesBytes()
    {
        var records = GoldenSamples.Records.Select(record => Utf8(buffer => SupervisionStorageFormat.Record.SerializeToUtf8(record, buffer)));
        var outcomes = GoldenSamples.Outcomes.Select(outcome => Utf8(buffer => SupervisionStorageFormat.Outcome.SerializeToUtf8(outcome, buffer)));
        var events = GoldenSamples.Events.Select(supervisionEvent => Utf8(buffer => SupervisionStorageFormat.Event.SerializeToUtf8(supervisionEvent, buffer)));

        records.Should().Equal(GoldenLines("records.jsonl"));
        outcomes.Should().Equal(GoldenLines("outcomes.jsonl"));
        events.Should().Equal(GoldenLines("events.jsonl"));
        GoldenLines("outcomes.jsonl").Select(line => SupervisionStorageFormat.Outcome.DeserializeFromUtf8(Encoding.UTF8.GetBytes(line))).Should().Equal(GoldenSamples.Outcomes);
        GoldenLines("records.jsonl").Select(line => SupervisionStorageFormat.Record.DeserializeFromUtf8(Encoding.UTF8.GetBytes(line)))
            .Should().BeEquivalentTo(GoldenSamples.Records, o => o.WithStrictOrdering());
        GoldenLines("events.jsonl").Select(line => SupervisionStorageFormat.Event.DeserializeFromUtf8(Encoding.UTF8.GetBytes(line))).Should().Equal(GoldenSamples.Events);
    }

    [Fact]
    public void DeserializeFromUtf8_BytesThatAreNotAStoredDocument_ThrowFormatException()
    {
        var flow = () => SupervisionStorageFormat.Flow.DeserializeFromUtf8("{\"orderNumber\": 12"u8);
        var outcome = () => SupervisionStorageFormat.Outcome.DeserializeFromUtf8("not json"u8);

        var record = () => SupervisionStorageFormat.Record.DeserializeFromUtf8("[]"u8);
        var supervisionEvent = () => SupervisionStorageFormat.Event.DeserializeFromUtf8("{\"id\": true}"u8);
        var notUtf8 = () => SupervisionStorageFormat.Outcome.DeserializeFromUtf8([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']);

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
