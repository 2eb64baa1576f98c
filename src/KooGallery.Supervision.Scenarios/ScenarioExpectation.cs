namespace KooGallery.Supervision.Scenarios;

/// <summary>One thing that must hold after a step, such as <c>stage: InService</c>.</summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class ScenarioExpectation
{
    internal ScenarioExpectation(string key, int line, string expected, object? value)
    {
        Key = key;
        Line = line;
        Expected = expected;
        Value = value;
    }

    /// <summary>What is checked, as the file names it (<c>stage</c>, <c>refused</c>, <c>events</c>...).</summary>
    public string Key { get; }

    /// <summary>The line of the expectation in its file, from 1.</summary>
    public int Line { get; }

    /// <summary>The expected value, as text.</summary>
    public string Expected { get; }

    /// <summary>The expected value, read into its type.</summary>
    internal object? Value { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Key}: {Expected} (line {Line})";
}
