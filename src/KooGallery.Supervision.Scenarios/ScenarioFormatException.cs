namespace KooGallery.Supervision.Scenarios;

/// <summary>
/// A scenario file that cannot be read: not YAML, or a key, value or name the format does not know. The
/// message starts with the file and line, as <c>file:line:</c>.
/// </summary>
public sealed class ScenarioFormatException : Exception
{
    /// <summary>Initializes an exception with a default message.</summary>
    public ScenarioFormatException()
        : this("The scenario file cannot be read.")
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public ScenarioFormatException(string message)
        : base(message)
    {
        File = string.Empty;
        Problem = message;
    }

    /// <summary>Initializes an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        File = string.Empty;
        Problem = message;
    }

    /// <summary>Initializes an exception for a place in a file.</summary>
    /// <param name="file">The file.</param>
    /// <param name="line">The line, from 1.</param>
    /// <param name="problem">What is wrong there.</param>
    /// <param name="innerException">The cause, or null.</param>
    public ScenarioFormatException(string file, int line, string problem, Exception? innerException = null)
        : base($"{file}:{line}: {problem}", innerException)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file, or empty when not known.</summary>
    public string File { get; }

    /// <summary>The line, from 1; 0 when not known.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the file and line.</summary>
    public string Problem { get; }
}
