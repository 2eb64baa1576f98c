using KooGallery.Supervision.Scenarios.Reading;

namespace KooGallery.Supervision.Scenarios;

/// <summary>
/// Reads scenario files (YAML; JSON is read as the YAML it is). Every step and expectation keeps its line,
/// and anything the format does not know is refused with a <see cref="ScenarioFormatException"/> naming the
/// file and line, so a typo never passes silently.
/// </summary>
/// <remarks>Thread-safe: it keeps no state.</remarks>
public static class ScenarioReader
{
    /// <summary>Reads a scenario from its text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="file">The file's name or path, for reports.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ScenarioFormatException">The text is not a scenario; the message names the line.</exception>
    public static Scenario Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        return ScenarioParser.Parse(text, file);
    }

    /// <summary>Reads a scenario file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scenario; its <see cref="Scenario.File"/> is <paramref name="path"/>.</returns>
    /// <exception cref="ScenarioFormatException">The file is not a scenario; the message names the line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<Scenario> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return ScenarioParser.Parse(text, path);
    }
}
