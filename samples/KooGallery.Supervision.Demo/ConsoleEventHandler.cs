using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KooGallery.Supervision;

namespace KooGallery.Supervision.Demo;

/// <summary>Stands in for the host's notifications: keeps the events handed out, so that the story prints them after
/// the command that caused them.</summary>
internal sealed class ConsoleEventHandler : ISupervisionEventHandler
{
    private readonly List<SupervisionEvent> _events = [];
    private readonly Lock _gate = new();

    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.Add(supervisionEvent);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The events handed out since the last call.</summary>
    public IReadOnlyList<SupervisionEvent> Take()
    {
        lock (_gate)
        {
            var taken = _events.ToArray();
            _events.Clear();
            return taken;
        }
    }
}
