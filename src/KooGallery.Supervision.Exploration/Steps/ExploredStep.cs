using System.Globalization;

namespace KooGallery.Supervision.Exploration;

/// <summary>One step as it ran: when, what the library answered, and the stage it left the flow in.</summary>
/// <remarks>Instances are immutable.</remarks>
public sealed record ExploredStep
{
    /// <summary>Gets the step.</summary>
    public required ExplorationStep Step { get; init; }

    /// <summary>
    /// Gets the time since the flow's creation at which the step ran: the instant of the command, or the instant
    /// the clock moved to for a time step.
    /// </summary>
    public required Duration At { get; init; }

    /// <summary>Gets the command id sent with an action step; null for a time step.</summary>
    public string? CommandId { get; init; }

    /// <summary>Gets the refusal of an action step; null when it succeeded and for a time step.</summary>
    public SupervisionError? Error { get; init; }

    /// <summary>Gets whether the step succeeded (a time step always does).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Gets the flow's stage after the step.</summary>
    public required Stage StageAfter { get; init; }

    /// <summary>Gets whether an open appeal froze the flow after the step.</summary>
    public required bool FrozenAfter { get; init; }

    /// <summary>Describes the step in one line, for example "+5d 1ns: time to Stall + 1ns: ok, InService".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"+{Internal.DurationText.Format(At)}: {Step}: {(Error is null ? "ok" : "refused " + Error.Code)}, {StageAfter}{(FrozenAfter ? " (frozen)" : string.Empty)}");
}
