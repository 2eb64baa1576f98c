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
    /// <exception cref="ArgumentNullException"><paramref name="flow"/>, <paramref name="records"/> or <paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A record or an event is null, the records' sequence numbers do not rise from one record to the next, or two
    /// events share an id: no store could keep such a change whole, so it is refused before any store sees it. The lists
    /// are kept as given, not copied: a store still refuses what it cannot keep whole.
    /// </exception>
    public FlowChange(ServiceFlow flow, long expectedVersion, IReadOnlyList<OperationRecord> records, IReadOnlyList<SupervisionEvent> events, CommandOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is null)
            {
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Record {i} of the change is null."), nameof(records));
            }

            if (i > 0 && records[i].Sequence <= records[i - 1].Sequence)
            {
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Record {i} of the change has sequence {records[i].Sequence}, not after the {records[i - 1].Sequence} of the record before it; records are appended in sequence order, each with a number of its own (R26)."),
                    nameof(records));
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null)
            {
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Event {i} of the change is null."), nameof(events));
            }

            for (var j = 0; j < i; j++)
            {
                if (events[i].Id == events[j].Id)
                {
                    throw new ArgumentException($"Two events of the change share the id {events[i].Id}; each event has an id of its own.", nameof(events));
                }
            }
        }

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
