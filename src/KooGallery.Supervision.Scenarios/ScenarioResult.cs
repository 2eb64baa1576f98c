namespace KooGallery.Supervision.Scenarios;

/// <summary>
/// What came of running a scenario: passed, or the first failing step with its file and line
/// (<see cref="Failure"/>). <see cref="ToString"/> is the report to show a reader.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class ScenarioResult
{
    private ScenarioResult()
    {
    }

    /// <summary>The result of running <paramref name="scenario"/>: its first failure, or null when it passed.</summary>
    internal static ScenarioResult Of(Scenario scenario, int stepsRun, ScenarioFailure? failure) =>
        new() { File = scenario.File, Name = scenario.Name, StepsRun = stepsRun, Failure = failure };

    /// <summary>The result of a file that could not be read: failed before its first step, with the reader's problem.</summary>
    internal static ScenarioResult Unreadable(string path, ScenarioFormatException exception) =>
        new() { File = path, Name = string.Empty, StepsRun = 0, Failure = ScenarioFailure.Unreadable(path, exception) };

    /// <summary>The scenario file.</summary>
    public string File { get; private init; } = string.Empty;

    /// <summary>The scenario's title, or empty when the file could not be read.</summary>
    public string Name { get; private init; } = string.Empty;

    /// <summary>True when every step did what the file expects.</summary>
    public bool Passed => Failure is null;

    /// <summary>How many steps ran, the failing one included.</summary>
    public int StepsRun { get; private init; }

    /// <summary>The first failure, or null when the scenario passed.</summary>
    public ScenarioFailure? Failure { get; private init; }

    /// <summary>The report: <c>file: passed (n steps): title</c>, or the failure's report.</summary>
    /// <returns>The report.</returns>
    public override string ToString() => Failure is null
        ? $"{File}: passed ({StepsRun} steps): {Name}"
        : Failure.ToString();
}
