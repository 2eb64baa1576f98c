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

    /// <summary>
    /// Gets an overview of the machine as a Mermaid state diagram: the main path from the first stage to
    /// Completed, with the buyer's, the seller's and the scheduled completion's transitions, and the appeal
    /// drawn once: an appeal freezes any open stage until an operations manager decides (Resume, ReturnTo,
    /// Complete or Close). <see cref="ToMermaid"/> has every transition of every stage.
    /// </summary>
    /// <returns>The Mermaid text.</returns>
    public static string ToOverviewMermaid() => Normalize(OverviewDiagram.Format(new SupervisionMachine().Info, SupervisionPolicy.Default));

    /// <summary>Gets the machine as a Graphviz DOT graph (UML style).</summary>
    /// <returns>The DOT text.</returns>
    public static string ToDot() => Normalize(UmlDotGraph.Format(new SupervisionMachine().Info));

    private static string Normalize(string text) => text.Replace("\r\n", "\n", System.StringComparison.Ordinal).TrimEnd() + "\n";
}
