namespace KooGallery.Supervision.Scenarios.Running;

/// <summary>Keeps every event the supervisor hands out, in order, so that a step can list the ones it raised.</summary>
internal sealed class EventCapture : ISupervisionEventHandler
{
    private readonly List<SupervisionEvent> _events = [];
    private readonly object _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.Add(supervisionEvent);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The events handed out since the <paramref name="from"/>-th, ignoring repeats of one event (delivery is at least once).</summary>
    public IReadOnlyList<SupervisionEvent> Since(int from)
    {
        lock (_gate)
        {
            var seen = new HashSet<System.Guid>();
            for (var i = 0; i < from; i++)
            {
                seen.Add(_events[i].Id);
            }

            var raised = new List<SupervisionEvent>();
            for (var i = from; i < _events.Count; i++)
            {
                if (seen.Add(_events[i].Id))
                {
                    raised.Add(_events[i]);
                }
            }

            return raised;
        }
    }
}
