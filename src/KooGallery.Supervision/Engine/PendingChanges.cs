using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>The records and events one change of one flow accumulates before it is saved.</summary>
internal sealed class PendingChanges
{
    private List<OperationRecord>? _records;
    private List<RaisedEvent>? _events;

    public IReadOnlyList<OperationRecord> Records => (IReadOnlyList<OperationRecord>?)_records ?? [];

    public bool HasAny => _records is { Count: > 0 } || _events is { Count: > 0 };

    public void AddEvent(RaisedEvent raised) => (_events ??= new List<RaisedEvent>(2)).Add(raised);

    public void AddEvents(IReadOnlyList<RaisedEvent> raised)
    {
        if (raised.Count > 0)
        {
            (_events ??= new List<RaisedEvent>(raised.Count)).AddRange(raised);
        }
    }

    public void AddSystemRecord(ServiceFlow draft, SupervisionAction action, Stage before, Instant at)
    {
        (_records ??= new List<OperationRecord>(2)).Add(new OperationRecord
        {
            OrderNumber = draft.OrderNumber,
            Sequence = ++draft.LastSequence,
            At = at,
            ActorId = Actor.System.Id,
            ActorRole = ActorRole.System,
            Action = action,
            StageBefore = before,
            StageAfter = draft.Stage,
        });
    }

    public OperationRecord AddCommandRecord(ServiceFlow draft, SupervisionCommand command, CommandContent content, Stage before, Instant at, IReadOnlyList<RaisedEvent> raised)
    {
        var record = new OperationRecord
        {
            OrderNumber = draft.OrderNumber,
            Sequence = ++draft.LastSequence,
            At = at,
            ActorId = command.Actor.Id,
            ActorRole = command.Actor.Role,
            Action = command.Action,
            StageBefore = before,
            StageAfter = draft.Stage,
            Text = content.Text,
            References = content.References is { } references ? Internal.ReadOnly.Copy(references) : [],
            Fields = content.Fields is { } fields ? Internal.ReadOnly.Wrap(fields) : OperationRecord.EmptyFields,
            CommandId = command.CommandId,
        };
        (_records ??= new List<OperationRecord>(1)).Add(record);
        AddEvents(raised);
        return record;
    }

    /// <summary>Builds the events raised so far for the flow as saved, their ids drawn from <paramref name="random"/>.</summary>
    public IReadOnlyList<SupervisionEvent> BuildEvents(ServiceFlow saved, Random random)
    {
        if (_events is null || _events.Count == 0)
        {
            return [];
        }

        var events = new SupervisionEvent[_events.Count];
        var traceParent = System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } raisedBy ? raisedBy.Id : null;
        for (var i = 0; i < events.Length; i++)
        {
            var raised = _events[i];
            events[i] = new SupervisionEvent
            {
                Id = NewEventId(random),
                Kind = raised.Kind,
                OrderNumber = saved.OrderNumber,
                OccurredAt = raised.At,
                FlowVersion = saved.Version,
                BuyerId = saved.BuyerId,
                SellerId = saved.SellerId,
                Stage = saved.Stage,
                Concerns = raised.Concerns,
                Text = raised.Text,
                TraceParent = traceParent,
            };
        }

        return events;
    }

    /// <summary>
    /// A random (version 4) GUID from the engine's pseudo-random generator (by default the shared one, which the
    /// runtime seeds from the operating system's secure source). Event ids must be unique, not unpredictable, and
    /// Guid.NewGuid asks the operating system for fresh randomness on every call, which costs more than a command here.
    /// </summary>
    private static Guid NewEventId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (the little-endian layout of Guid's third field)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
