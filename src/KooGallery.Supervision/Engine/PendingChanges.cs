using System;
using System.Collections.Generic;
using KooGallery.Supervision.Machine;
using NodaTime;

namespace KooGallery.Supervision;

/// <summary>The records and events one change of one flow accumulates before it is saved.</summary>
internal sealed class PendingChanges
{
    private readonly List<OperationRecord> _records = new(2);
    private readonly List<RaisedEvent> _events = new(2);

    public IReadOnlyList<OperationRecord> Records => _records;

    public bool HasAny => _records.Count > 0 || _events.Count > 0;

    public void AddEvent(RaisedEvent raised) => _events.Add(raised);

    public void AddEvents(IReadOnlyList<RaisedEvent> raised) => _events.AddRange(raised);

    public void AddSystemRecord(ServiceFlow draft, SupervisionAction action, Stage before, Instant at)
    {
        _records.Add(new OperationRecord
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
            References = content.References is { } references ? references.ToArray() : [],
            Fields = content.Fields ?? OperationRecord.EmptyFields,
            CommandId = command.CommandId,
        };
        _records.Add(record);
        _events.AddRange(raised);
        return record;
    }

    public IReadOnlyList<SupervisionEvent> BuildEvents(ServiceFlow saved)
    {
        if (_events.Count == 0)
        {
            return [];
        }

        var events = new SupervisionEvent[_events.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var raised = _events[i];
            events[i] = new SupervisionEvent
            {
                Id = Guid.NewGuid(),
                Kind = raised.Kind,
                OrderNumber = saved.OrderNumber,
                OccurredAt = raised.At,
                FlowVersion = saved.Version,
                BuyerId = saved.BuyerId,
                SellerId = saved.SellerId,
                Stage = saved.Stage,
                Concerns = raised.Concerns,
                Text = raised.Text,
            };
        }

        return events;
    }
}
