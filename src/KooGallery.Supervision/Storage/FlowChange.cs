namespace KooGallery.Supervision;

/// <summary>
/// One change of one flow that a store saves atomically (concurrency, R31): the new flow state, its new operation
/// records, its new events and, for a command, its outcome under the command id (command ids, R30).
/// </summary>
public sealed class FlowChange
{
    /// <summary>Initializes a change.</summary>
    /// <param name="flow">The new state; its <see cref="ServiceFlow.Version"/> is <paramref name="expectedVersion"/> + 1.</param>
    /// <param name="expectedVersion">The version the store must still have; 0 to create the flow.</param>
    /// <param name="records">The new records, in sequence order.</param>
    /// <param name="events">The new events.</param>
    /// <param name="outcome">The command outcome to keep under its command id, or null.</param>
    public FlowChange(ServiceFlow flow, long expectedVersion, IReadOnlyList<OperationRecord> records, IReadOnlyList<SupervisionEvent> events, CommandOutcome? outcome)
    {
        Flow = flow;
        ExpectedVersion = expectedVersion;
        Records = records;
        Events = events;
        Outcome = outcome;
    }

    /// <summary>Gets the new state of the flow.</summary>
    public ServiceFlow Flow { get; }

    /// <summary>Gets the version the stored flow must have for the change to apply; 0 means the flow must not exist yet.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the records to append, in sequence order.</summary>
    public IReadOnlyList<OperationRecord> Records { get; }

    /// <summary>Gets the events to keep in the outbox until delivered.</summary>
    public IReadOnlyList<SupervisionEvent> Events { get; }

    /// <summary>Gets the command outcome to keep under its command id, or null for creation and timer changes.</summary>
    public CommandOutcome? Outcome { get; }
}
