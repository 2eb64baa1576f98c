using NodaTime;

namespace KooGallery.Supervision.Cli;

/// <summary>The sandbox's clock: the instant kept in the database, the same for the whole command.</summary>
internal sealed class SandboxClock(Instant now) : IClock
{
    public Instant Now { get; } = now;

    public Instant GetCurrentInstant() => Now;
}
