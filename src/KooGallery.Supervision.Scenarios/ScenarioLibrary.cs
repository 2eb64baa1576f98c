namespace KooGallery.Supervision.Scenarios;

/// <summary>Finds the scenario files of a folder, such as the repository's <c>docs/scenarios</c>.</summary>
/// <remarks>Thread-safe: it keeps no state.</remarks>
public static class ScenarioLibrary
{
    /// <summary>The name of the JSON schema of the format, kept beside the scenario files.</summary>
    public const string SchemaFileName = "scenario.schema.json";

    /// <summary>
    /// The scenario files in <paramref name="folder"/> and its subfolders (<c>*.yaml</c>, <c>*.yml</c> and
    /// <c>*.json</c>, except JSON schemas), in ordinal order of their paths.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The full paths of the files.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> FindFiles(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return Directory.EnumerateFiles(Path.GetFullPath(folder), "*", SearchOption.AllDirectories)
            .Where(IsScenarioFile)
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToArray();
    }

    private static bool IsScenarioFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase));
}
