using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KooGallery.Supervision.Cli;

/// <summary>Keeps the events handed out during a command, to print them after it (each with its order number).</summary>
internal sealed class EventCollector : ISupervisionEventHandler
{
    private readonly List<SupervisionEvent> events = [];
    private readonly Lock gate = new();

    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            events.Add(supervisionEvent);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The events handed out since the last call, in order.</summary>
    public IReadOnlyList<SupervisionEvent> Take()
    {
        lock (gate)
        {
            var taken = events.ToArray();
            events.Clear();
            return taken;
        }
    }
}
