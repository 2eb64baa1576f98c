using KooGallery.Supervision.Storage.Format;

namespace KooGallery.Supervision;

/// <summary>
/// The stored form of the types a store keeps: a flow, an operation record, a command outcome and an event,
/// each as one JSON document, written and read by its <see cref="StoredDocumentFormat{T}"/>. A store keeps the text
/// exactly as given and hands it back unchanged; every instant and duration round-trips to the nanosecond. Use it
/// when writing an <see cref="IServiceFlowStore"/> over a database of your own.
/// </summary>
/// <remarks>
/// The format is versioned by the store's schema: a document written by an earlier version of the library
/// reads with this one, and new versions only add optional members. Each document can also be written to and read
/// from its UTF-8 bytes (<see cref="StoredDocumentFormat{T}.SerializeToUtf8"/>), for a store whose driver takes UTF-8.
/// Thread-safe: the formats keep no state shared between threads.
/// </remarks>
/// <example>
/// <code>
/// string state = SupervisionStorageFormat.Flow.Serialize(flow);
/// ServiceFlow loaded = SupervisionStorageFormat.Flow.Deserialize(state);
/// </code>
/// </example>
public static partial class SupervisionStorageFormat
{
    /// <summary>Gets the stored form of a flow: the state column of a store's flow row.</summary>
    public static StoredDocumentFormat<ServiceFlow> Flow { get; } =
        StoredDocumentFormat<ServiceFlow>.Of("flow", StoredJsonContext.Stored.StoredFlow, StoredFlow.Fill, static stored => stored.ToFlow());

    /// <summary>Gets the stored form of an operation record, one line of a flow's history.</summary>
    public static StoredDocumentFormat<OperationRecord> Record { get; } =
        StoredDocumentFormat<OperationRecord>.Of("operation record", StoredJsonContext.Stored.StoredRecord, StoredRecord.Fill, static stored => stored.ToRecord());

    /// <summary>
    /// Gets the stored form of a command outcome, kept under its command id for replay: written without
    /// <see cref="CommandOutcome.IsReplay"/>, and read back with it false.
    /// </summary>
    public static StoredDocumentFormat<CommandOutcome> Outcome { get; } =
        StoredDocumentFormat<CommandOutcome>.Of("command outcome", StoredJsonContext.Stored.StoredOutcome, StoredOutcome.Fill, static stored => stored.ToOutcome());

    /// <summary>Gets the stored form of an event, the body of an outbox row.</summary>
    public static StoredDocumentFormat<SupervisionEvent> Event { get; } =
        StoredDocumentFormat<SupervisionEvent>.Of("event", StoredJsonContext.Stored.StoredEvent, StoredEvent.Fill, static stored => stored.ToEvent());
}
