using System;
using System.Threading;
using System.Threading.Tasks;
using KooGallery.Supervision;

namespace KooGallery.Supervision.Demo;

/// <summary>Stands in for the host's notifications: prints every event.</summary>
internal sealed class ConsoleEventHandler : ISupervisionEventHandler
{
    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        var concerns = supervisionEvent.Concerns == Party.Nobody ? string.Empty : $" (notify {supervisionEvent.Concerns})";
        Console.WriteLine($"      event {supervisionEvent.Kind} at {supervisionEvent.OccurredAt:uuuu-MM-dd HH:mm}{concerns}");
        return ValueTask.CompletedTask;
    }
}
