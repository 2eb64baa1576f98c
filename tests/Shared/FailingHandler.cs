namespace KooGallery.Supervision.Relational.Tests;

/// <summary>A handler that always fails, so that every event a test raises stays pending in the outbox.</summary>
internal sealed class FailingHandler : ISupervisionEventHandler
{
    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The test keeps its events pending.");
}
