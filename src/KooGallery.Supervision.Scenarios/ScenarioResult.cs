namespace KooGallery.Supervision.Scenarios;

/// <summary>
/// What came of running a scenario: passed, or the first failing step with its file and line
/// (<see cref="Failure"/>). <see cref="ToString"/> is the report to show a reader.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class ScenarioResult
{
    internal ScenarioResult(string file, string name, int stepsRun, ScenarioFailure? failure)
    {
        File = file;
        Name = name;
        StepsRun = stepsRun;
        Failure = failure;
    }

    /// <summary>The scenario file.</summary>
    public string File { get; }

    /// <summary>The scenario's title, or empty when the file could not be read.</summary>
    public string Name { get; }

    /// <summary>True when every step did what the file expects.</summary>
    public bool Passed => Failure is null;

    /// <summary>How many steps ran, the failing one included.</summary>
    public int StepsRun { get; }

    /// <summary>The first failure, or null when the scenario passed.</summary>
    public ScenarioFailure? Failure { get; }

    /// <summary>The report: <c>file: passed (n steps): title</c>, or the failure's report.</summary>
    /// <returns>The report.</returns>
    public override string ToString() => Failure is null
        ? $"{File}: passed ({StepsRun} steps): {Name}"
        : Failure.ToString();
}
