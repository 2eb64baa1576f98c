using System.Globalization;

namespace KooGallery.Supervision.Exploration;

/// <summary>
/// The clock moves to a policy threshold of the flow plus <paramref name="Offset"/> (one nanosecond before, at or one
/// nanosecond after it), then the due timers are swept (<see cref="ServiceSupervisor.ApplyDueTimersAsync"/>).
/// </summary>
/// <remarks>
/// When the threshold is not pending (no stall clock runs, no completion is due, no appeal is open, and so on),
/// the clock moves by the threshold's policy period plus the offset instead (the stall period, the completion
/// delay, the reminder interval, one calendar day per decision working day, the long-open period). The clock never
/// goes back: a target at or before now only sweeps.
/// </remarks>
/// <param name="Threshold">The threshold to go to.</param>
/// <param name="Offset">Added to the threshold's instant; usually minus one nanosecond, zero or one nanosecond.</param>
public sealed record TimeStep(ExplorationThreshold Threshold, Duration Offset) : ExplorationStep
{
    /// <summary>Describes the step in one line, for example "time to Stall + 1ns".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Offset == Duration.Zero
        ? string.Create(CultureInfo.InvariantCulture, $"time to {Threshold}")
        : string.Create(CultureInfo.InvariantCulture, $"time to {Threshold} {(Offset < Duration.Zero ? "-" : "+")} {Internal.DurationText.Format(Offset < Duration.Zero ? -Offset : Offset)}");
}
