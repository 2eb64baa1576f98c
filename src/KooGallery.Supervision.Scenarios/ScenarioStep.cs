namespace KooGallery.Supervision.Scenarios;

/// <summary>
/// One step of a <see cref="Scenario"/>: at a time, an actor takes an action (or the due-timer sweep runs, or
/// several actions race, or nothing happens), then its expectations must hold.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class ScenarioStep
{
    internal ScenarioStep(int number, int line, StepKind kind, TimeSpec time, string? note, ActionSpec? action, string? target,
        IReadOnlyList<ActionSpec> branches, IReadOnlyList<ScenarioExpectation> expectations)
    {
        Target = target;
        Number = number;
        Line = line;
        Kind = kind;
        Time = time;
        Note = note;
        Action = action;
        Branches = branches;
        Expectations = expectations;
    }

    /// <summary>The step's number, from 1 in file order.</summary>
    public int Number { get; }

    /// <summary>The line where the step starts in its file, from 1.</summary>
    public int Line { get; }

    /// <summary>The step's note in plain words (<c>note:</c>), or null.</summary>
    public string? Note { get; }

    /// <summary>What the step does, in a few words, such as <c>at +1h: seller return-request on ORD-1</c>.</summary>
    public string Summary => Kind switch
    {
        StepKind.Sweep => $"at {Time}: the due-timer sweep runs{On(Target)}",
        StepKind.Check => $"at {Time}: check{On(Target)}",
        StepKind.Race => $"at {Time}: race of {string.Join(" and ", DescribeBranches())}",
        _ => $"at {Time}: {Describe(Action!)}",
    };

    /// <summary>What must hold after the step, in file order.</summary>
    public IReadOnlyList<ScenarioExpectation> Expectations { get; }

    internal StepKind Kind { get; }

    internal TimeSpec Time { get; }

    internal ActionSpec? Action { get; }

    internal IReadOnlyList<ActionSpec> Branches { get; }

    /// <summary>The order a check or sweep step checks, when it names one.</summary>
    internal string? Target { get; }

    /// <inheritdoc/>
    public override string ToString() => $"step {Number} (line {Line}) {Summary}";

    private IEnumerable<string> DescribeBranches()
    {
        foreach (var branch in Branches)
        {
            yield return Describe(branch);
        }
    }

    private static string Describe(ActionSpec action)
    {
        var who = action.Actor is { } actor ? Reading.Names.Kebab(actor) + " " : string.Empty;
        return who + Reading.Names.Kebab(action.Action) + On(action.OrderNumber);
    }

    private static string On(string? orderNumber) => orderNumber is null ? string.Empty : " on " + orderNumber;
}
