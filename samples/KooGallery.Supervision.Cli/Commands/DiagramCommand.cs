using System.CommandLine;
using System.Threading.Tasks;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>diagram --format mermaid|dot|overview</c>: the real machine's diagram.</summary>
internal static class DiagramCommand
{
    public static Command Build()
    {
        var format = new Option<string>("--format") { Description = "mermaid (every transition, default), dot (Graphviz) or overview (the main path, Mermaid).", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot", "overview");
        var command = new Command("diagram", "Print a diagram of the state machine the library runs.") { format };
        return command.Does((parse, context) =>
        {
            var name = parse.GetValue(format)!;
            var text = name switch
            {
                "dot" => SupervisionDiagram.ToDot(),
                "overview" => SupervisionDiagram.ToOverviewMermaid(),
                _ => SupervisionDiagram.ToMermaid(),
            };
            if (context.Json)
            {
                context.WriteJson(new { format = name, diagram = text });
            }
            else
            {
                context.Console.Profile.Out.Writer.Write(text);
                context.Console.Profile.Out.Writer.Flush();
            }

            return Task.FromResult(ExitCodes.Done);
        });
    }
}
