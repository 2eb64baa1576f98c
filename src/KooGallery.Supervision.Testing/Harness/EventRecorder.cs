namespace KooGallery.Supervision.Testing;

/// <summary>
/// The event handler a <see cref="SupervisionTestHost"/> registers first: it keeps every event handed to it,
/// once per event id (delivery is at least once), in the order the supervisor handed them out. Thread-safe.
/// </summary>
internal sealed class EventRecorder : ISupervisionEventHandler
{
    private readonly object _gate = new();
    private readonly List<SupervisionEvent> _events = [];
    private readonly HashSet<Guid> _seen = [];

    /// <summary>Gets a copy of the events received so far.</summary>
    public IReadOnlyList<SupervisionEvent> Snapshot()
    {
        lock (_gate)
        {
            return _events.ToArray();
        }
    }

    /// <inheritdoc />
    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(supervisionEvent);
        lock (_gate)
        {
            if (_seen.Add(supervisionEvent.Id))
            {
                _events.Add(supervisionEvent);
            }
        }

        return ValueTask.CompletedTask;
    }
}
