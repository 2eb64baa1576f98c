using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KooGallery.Supervision.Storage.Format;
using NodaTime.Text;

namespace KooGallery.Supervision;

/// <summary>
/// The stored form of the types a store keeps: a flow, an operation record, a command outcome and an event,
/// each as one JSON document. A store keeps the text exactly as given and hands it back unchanged; every
/// instant and duration round-trips to the nanosecond. Use it when writing an <see cref="IServiceFlowStore"/>
/// over a database of your own.
/// </summary>
/// <remarks>
/// The format is versioned by the store's schema: a document written by an earlier version of the library
/// reads with this one, and new versions only add optional members. Each document can also be written to and read
/// from its UTF-8 bytes, the very bytes of the text, for a store whose driver takes UTF-8 (no string in between).
/// Bytes that are not valid UTF-8 are refused as a <see cref="FormatException"/>; a string made from them by a
/// driver would already hold replacement characters, which the text methods then read.
/// Thread-safe: the methods keep no state shared between threads.
/// </remarks>
public static partial class SupervisionStorageFormat
{
    /// <summary>Writes a flow in its stored form.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The JSON text to store.</returns>
    public static string SerializeFlow(ServiceFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return JsonSerializer.Serialize(StoredFlow.From(flow), StoredJsonContext.Stored.StoredFlow);
    }

    /// <summary>Reads a flow stored by <see cref="SerializeFlow"/>.</summary>
    /// <param name="json">The stored JSON text.</param>
    /// <returns>The flow.</returns>
    /// <exception cref="FormatException">The text is not a stored flow.</exception>
    public static ServiceFlow DeserializeFlow(string json) =>
        Read(json, "flow", StoredJsonContext.Stored.StoredFlow, static stored => stored.ToFlow());

    /// <summary>Writes an operation record in its stored form.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The JSON text to store.</returns>
    public static string SerializeRecord(OperationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.Serialize(StoredRecord.From(record), StoredJsonContext.Stored.StoredRecord);
    }

    /// <summary>Reads an operation record stored by <see cref="SerializeRecord"/>.</summary>
    /// <param name="json">The stored JSON text.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The text is not a stored operation record.</exception>
    public static OperationRecord DeserializeRecord(string json) =>
        Read(json, "operation record", StoredJsonContext.Stored.StoredRecord, static stored => stored.ToRecord());

    /// <summary>Writes a command outcome in its stored form (without <see cref="CommandOutcome.IsReplay"/>).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The JSON text to store.</returns>
    public static string SerializeOutcome(CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return JsonSerializer.Serialize(StoredOutcome.From(outcome), StoredJsonContext.Stored.StoredOutcome);
    }

    /// <summary>Reads a command outcome stored by <see cref="SerializeOutcome"/>.</summary>
    /// <param name="json">The stored JSON text.</param>
    /// <returns>The outcome, with <see cref="CommandOutcome.IsReplay"/> false.</returns>
    /// <exception cref="FormatException">The text is not a stored command outcome.</exception>
    public static CommandOutcome DeserializeOutcome(string json) =>
        Read(json, "command outcome", StoredJsonContext.Stored.StoredOutcome, static stored => stored.ToOutcome());

    /// <summary>Writes an event in its stored form.</summary>
    /// <param name="supervisionEvent">The event.</param>
    /// <returns>The JSON text to store.</returns>
    public static string SerializeEvent(SupervisionEvent supervisionEvent)
    {
        ArgumentNullException.ThrowIfNull(supervisionEvent);
        return JsonSerializer.Serialize(StoredEvent.From(supervisionEvent), StoredJsonContext.Stored.StoredEvent);
    }

    /// <summary>Reads an event stored by <see cref="SerializeEvent"/>.</summary>
    /// <param name="json">The stored JSON text.</param>
    /// <returns>The event.</returns>
    /// <exception cref="FormatException">The text is not a stored event.</exception>
    public static SupervisionEvent DeserializeEvent(string json) =>
        Read(json, "event", StoredJsonContext.Stored.StoredEvent, static stored => stored.ToEvent());

    /// <summary>Writes a flow in its stored form as UTF-8: the bytes of the text <see cref="SerializeFlow"/> gives.</summary>
    /// <param name="flow">The flow.</param>
    /// <param name="utf8">Receives the JSON text's UTF-8 bytes.</param>
    public static void SerializeFlowToUtf8(ServiceFlow flow, IBufferWriter<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(flow);
        Write(utf8, StoredFlow.From(flow), StoredJsonContext.Stored.StoredFlow);
    }

    /// <summary>Reads a flow stored by <see cref="SerializeFlow"/> from its UTF-8 bytes.</summary>
    /// <param name="utf8Json">The stored JSON text's UTF-8 bytes.</param>
    /// <returns>The flow.</returns>
    /// <exception cref="FormatException">The text is not a stored flow, or the bytes are not valid UTF-8.</exception>
    public static ServiceFlow DeserializeFlowFromUtf8(ReadOnlySpan<byte> utf8Json) =>
        Read(utf8Json, "flow", StoredJsonContext.Stored.StoredFlow, static stored => stored.ToFlow());

    /// <summary>Writes an operation record in its stored form as UTF-8: the bytes of the text <see cref="SerializeRecord"/> gives.</summary>
    /// <param name="record">The record.</param>
    /// <param name="utf8">Receives the JSON text's UTF-8 bytes.</param>
    public static void SerializeRecordToUtf8(OperationRecord record, IBufferWriter<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(record);
        Write(utf8, StoredRecord.From(record), StoredJsonContext.Stored.StoredRecord);
    }

    /// <summary>Reads an operation record stored by <see cref="SerializeRecord"/> from its UTF-8 bytes.</summary>
    /// <param name="utf8Json">The stored JSON text's UTF-8 bytes.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The text is not a stored operation record, or the bytes are not valid UTF-8.</exception>
    public static OperationRecord DeserializeRecordFromUtf8(ReadOnlySpan<byte> utf8Json) =>
        Read(utf8Json, "operation record", StoredJsonContext.Stored.StoredRecord, static stored => stored.ToRecord());

    /// <summary>Writes a command outcome in its stored form as UTF-8: the bytes of the text <see cref="SerializeOutcome"/> gives.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="utf8">Receives the JSON text's UTF-8 bytes.</param>
    public static void SerializeOutcomeToUtf8(CommandOutcome outcome, IBufferWriter<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Write(utf8, StoredOutcome.From(outcome), StoredJsonContext.Stored.StoredOutcome);
    }

    /// <summary>Reads a command outcome stored by <see cref="SerializeOutcome"/> from its UTF-8 bytes.</summary>
    /// <param name="utf8Json">The stored JSON text's UTF-8 bytes.</param>
    /// <returns>The outcome, with <see cref="CommandOutcome.IsReplay"/> false.</returns>
    /// <exception cref="FormatException">The text is not a stored command outcome, or the bytes are not valid UTF-8.</exception>
    public static CommandOutcome DeserializeOutcomeFromUtf8(ReadOnlySpan<byte> utf8Json) =>
        Read(utf8Json, "command outcome", StoredJsonContext.Stored.StoredOutcome, static stored => stored.ToOutcome());

    /// <summary>Writes an event in its stored form as UTF-8: the bytes of the text <see cref="SerializeEvent"/> gives.</summary>
    /// <param name="supervisionEvent">The event.</param>
    /// <param name="utf8">Receives the JSON text's UTF-8 bytes.</param>
    public static void SerializeEventToUtf8(SupervisionEvent supervisionEvent, IBufferWriter<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(supervisionEvent);
        Write(utf8, StoredEvent.From(supervisionEvent), StoredJsonContext.Stored.StoredEvent);
    }

    /// <summary>Reads an event stored by <see cref="SerializeEvent"/> from its UTF-8 bytes.</summary>
    /// <param name="utf8Json">The stored JSON text's UTF-8 bytes.</param>
    /// <returns>The event.</returns>
    /// <exception cref="FormatException">The text is not a stored event, or the bytes are not valid UTF-8.</exception>
    public static SupervisionEvent DeserializeEventFromUtf8(ReadOnlySpan<byte> utf8Json) =>
        Read(utf8Json, "event", StoredJsonContext.Stored.StoredEvent, static stored => stored.ToEvent());

    // One writer per thread, pointed at each call's buffer: its options are the defaults, as the text's writer's are.
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static void Write<TStored>(IBufferWriter<byte> utf8, TStored stored, JsonTypeInfo<TStored> shape)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(utf8);
        }
        else
        {
            writer.Reset(utf8);
        }

        try
        {
            JsonSerializer.Serialize(writer, stored, shape);
        }
        finally
        {
            // The writer keeps no reference to the caller's buffer between calls.
            writer.Reset(NoBuffer.Instance);
        }
    }

    private static T Read<TStored, T>(ReadOnlySpan<byte> utf8Json, string what, JsonTypeInfo<TStored> shape, Func<TStored, T> map)
        where TStored : class
    {
        try
        {
            return map(JsonSerializer.Deserialize(utf8Json, shape) ?? throw new FormatException("the document is null."));
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            throw Unreadable(what, exception);
        }
    }

    private static T Read<TStored, T>(string json, string what, JsonTypeInfo<TStored> shape, Func<TStored, T> map)
        where TStored : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return map(JsonSerializer.Deserialize(json, shape) ?? throw new FormatException("the document is null."));
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            throw Unreadable(what, exception);
        }
    }

    /// <summary>Whether reading a document failed because of the document (its text, or a value out of range), not the library.</summary>
    private static bool IsUnreadable(Exception exception) =>
        exception is JsonException or UnparsableValueException or FormatException or InvalidOperationException or ArgumentException or OverflowException or NotSupportedException;

    private static FormatException Unreadable(string what, Exception exception) =>
        new($"The stored {what} is not valid: {exception.Message}", exception);

    /// <summary>A buffer that takes nothing: where the per-thread writer points between calls.</summary>
    private sealed class NoBuffer : IBufferWriter<byte>
    {
        public static readonly NoBuffer Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("No buffer.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("No buffer.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("No buffer.");
    }
}
