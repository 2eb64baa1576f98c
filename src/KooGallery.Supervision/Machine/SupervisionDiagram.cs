using KooGallery.Supervision.Machine;
using Stateless.Graph;

namespace KooGallery.Supervision;

/// <summary>
/// Diagrams of the real supervision state machine, exported by Stateless from the same definition
/// the library runs, so they cannot drift from the code.
/// </summary>
public static class SupervisionDiagram
{
    /// <summary>Gets the machine as a Mermaid state diagram.</summary>
    /// <returns>The Mermaid text.</returns>
    public static string ToMermaid() => Normalize(MermaidGraph.Format(new SupervisionMachine().Info));

    /// <summary>Gets the machine as a Graphviz DOT graph (UML style).</summary>
    /// <returns>The DOT text.</returns>
    public static string ToDot() => Normalize(UmlDotGraph.Format(new SupervisionMachine().Info));

    private static string Normalize(string text) => text.Replace("\r\n", "\n", System.StringComparison.Ordinal).TrimEnd() + "\n";
}
