using System.Text;

namespace KooGallery.Supervision.Scenarios;

/// <summary>
/// The first thing that did not hold in a scenario: where (file, line, step), what was expected and what was
/// found, with the library's own refusal when there was one.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class ScenarioFailure
{
    internal const string FormatKey = "format";

    /// <summary>The failure of a file that could not be read (<see cref="FormatKey"/>): where the reader stopped and why.</summary>
    internal static ScenarioFailure Unreadable(string path, ScenarioFormatException exception) =>
        new(path, exception.Line, 0, string.Empty, FormatKey, "a scenario file", exception.Problem, null, null);

    internal ScenarioFailure(string file, int line, int step, string stepSummary, string key, string expected, string found, string? refusal, string? note)
    {
        File = file;
        Line = line;
        Step = step;
        StepSummary = stepSummary;
        Key = key;
        Expected = expected;
        Found = found;
        Refusal = refusal;
        Note = note;
    }

    /// <summary>The scenario file.</summary>
    public string File { get; }

    /// <summary>The line of what failed (the expectation, or the step when its action itself went wrong), from 1.</summary>
    public int Line { get; }

    /// <summary>The number of the failing step, from 1; 0 before the first step (reading the file, the policy, the order).</summary>
    public int Step { get; }

    /// <summary>What the step does, in a few words.</summary>
    public string StepSummary { get; }

    /// <summary>What was checked (<c>stage</c>, <c>refused</c>, <c>permitted.buyer</c>...), or <c>format</c> for a file that cannot be read.</summary>
    public string Key { get; }

    /// <summary>What the file expected.</summary>
    public string Expected { get; }

    /// <summary>What the library did.</summary>
    public string Found { get; }

    /// <summary>The library's refusal of the step's action (<c>Code (Reason): message</c>), or null when it succeeded.</summary>
    public string? Refusal { get; }

    /// <summary>The step's note in plain words, or null.</summary>
    public string? Note { get; }

    /// <summary>The report: <c>file:line: step n (summary): key: expected X, found Y</c>, then the refusal and the note.</summary>
    /// <returns>The report.</returns>
    public override string ToString()
    {
        var report = new StringBuilder();
        report.Append(File).Append(':').Append(Line).Append(": ");
        if (Key == FormatKey)
        {
            return report.Append("cannot read the scenario: ").Append(Found).ToString();
        }

        if (Step > 0)
        {
            report.Append("step ").Append(Step).Append(" (").Append(StepSummary).Append("): ");
        }
        else if (StepSummary.Length > 0)
        {
            report.Append(StepSummary).Append(": ");
        }

        report.Append(Key).Append(": expected ").Append(Expected).Append(", found ").Append(Found);
        if (Refusal is not null)
        {
            report.AppendLine().Append("  the library said: ").Append(Refusal);
        }

        if (Note is not null)
        {
            report.AppendLine().Append("  the step: ").Append(Note);
        }

        return report.ToString();
    }
}
