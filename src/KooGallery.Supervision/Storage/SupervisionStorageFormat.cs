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
/// reads with this one, and new versions only add optional members. Thread-safe: the methods keep no state.
/// </remarks>
public static class SupervisionStorageFormat
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

    private static T Read<TStored, T>(string json, string what, JsonTypeInfo<TStored> shape, Func<TStored, T> map)
        where TStored : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return map(JsonSerializer.Deserialize(json, shape) ?? throw new FormatException("the document is null."));
        }
        catch (Exception exception) when (exception is JsonException or UnparsableValueException or FormatException or InvalidOperationException or ArgumentException or OverflowException or NotSupportedException)
        {
            throw new FormatException($"The stored {what} is not valid: {exception.Message}", exception);
        }
    }
}
