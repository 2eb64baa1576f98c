using System.Reflection;
using KooGallery.Supervision.Scenarios;
using KooGallery.Supervision.Tests.Support;
using Xunit.Sdk;
using Xunit.v3;

namespace KooGallery.Supervision.Tests.Scenarios;

/// <summary>
/// The scenario files under a folder of the repository (<see cref="ScenarioLibrary.FindFiles"/>) as theory data: one
/// test case per file, given the file's full path and labelled with its path under the folder
/// (<c>Scenario_file_passes [R07-...yaml]</c>). A folder without scenario files gives no data, which fails the theory.
/// </summary>
/// <param name="folder">The folder, relative to the repository root ("docs/scenarios").</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScenarioFilesAttribute(string folder) : DataAttribute
{
    /// <summary>Gets the folder, relative to the repository root.</summary>
    public string Folder { get; } = folder;

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        var root = Path.Combine(Repository.Root, Folder);
        IReadOnlyCollection<ITheoryDataRow> rows = ScenarioLibrary.FindFiles(root)
            .Select(file => new TheoryDataRow<string>(file) { Label = Path.GetRelativePath(root, file) })
            .ToArray();
        return new(rows);
    }

    /// <summary>Files are plain strings: the runner lists one test case per file before running any.</summary>
    public override bool SupportsDiscoveryEnumeration() => true;
}
