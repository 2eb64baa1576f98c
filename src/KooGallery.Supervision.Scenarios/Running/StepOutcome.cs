namespace KooGallery.Supervision.Scenarios.Running;

/// <summary>What a step's action returned.</summary>
internal sealed class StepOutcome
{
    /// <summary>The refusal, or null when the action succeeded (or the step had none).</summary>
    public SupervisionError? Error { get; init; }

    /// <summary>The outcome of a command.</summary>
    public CommandOutcome? Command { get; init; }

    /// <summary>The page of a search.</summary>
    public FlowPage? Page { get; init; }

    /// <summary>The result of a sweep.</summary>
    public TimerSweepResult? Sweep { get; init; }

    /// <summary>The results of the commands of a race.</summary>
    public IReadOnlyList<SupervisionResult<CommandOutcome>> Race { get; init; } = [];

    /// <summary>Nothing was done (a check step).</summary>
    public static StepOutcome None { get; } = new();

    /// <summary>The library's refusal as one line: <c>Code (Reason): message</c>.</summary>
    public static string Describe(SupervisionError error) =>
        error.Reason is null ? $"{error.Code}: {error.Message}" : $"{error.Code} ({error.Reason}): {error.Message}";
}
