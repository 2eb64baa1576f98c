using System.CommandLine;
using System.Linq;
using KooGallery.Supervision.Exploration;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>explore</c>: checks the default policy's invariants over every sequence of actions and time steps up to a depth.</summary>
internal static class ExploreCommand
{
    public static Command Build()
    {
        var depth = new Option<int>("--depth") { Description = "How many steps deep (default 6).", DefaultValueFactory = _ => 6 };
        var kind = new Option<string>("--kind") { Description = "The product kind (default professional-service).", DefaultValueFactory = _ => "professional-service" };
        var maxStates = new Option<int?>("--max-states") { Description = "Stop after this many distinct states." };
        var command = new Command("explore", "Explore every sequence of actions and time steps up to a depth and check the invariants; exit 1 on a violation, printed as a scenario.") { depth, kind, maxStates };
        return command.Does(async (parse, context) =>
        {
            var options = new ExplorationOptions { MaxDepth = parse.GetValue(depth), ProductKind = Words.Enum<ProductKind>(parse.GetValue(kind)!, "--kind") };
            if (parse.GetValue(maxStates) is { } limit)
            {
                options.MaxStates = limit;
            }

            try
            {
                options.Validate();
            }
            catch (System.ArgumentException e)
            {
                throw CliException.Usage(e.Message);
            }

            var explorer = new SupervisionExplorer(options);
            var report = context.Json || !context.Console.Profile.Capabilities.Interactive
                ? await explorer.ExploreAsync(context.CancellationToken)
                : await context.Console.Status().StartAsync($"Exploring to depth {options.MaxDepth}...", _ => explorer.ExploreAsync(context.CancellationToken).AsTask());
            if (context.Json)
            {
                context.WriteJson(new
                {
                    report.Passed,
                    report.States,
                    report.Transitions,
                    report.MaxDepth,
                    report.MaxDepthReached,
                    report.StoppedAtStateLimit,
                    report.StagesReached,
                    report.FrozenStagesReached,
                    report.DecisionOutcomesReached,
                    violations = report.Violations.Select(v => new { v.Invariant, v.Message, scenario = v.ToScenario() }).ToList(),
                });
            }
            else
            {
                context.Console.MarkupLine(report.Passed ? "[green]No invariant violated.[/]" : $"[red]{report.Violations.Count} violation(s).[/]");
                context.Console.WriteLine(report.ToString());
                foreach (var violation in report.Violations)
                {
                    context.Console.MarkupLine($"[red]{Words.Escape(violation.Invariant)}[/]: {Words.Escape(violation.Message)}");
                    context.WritePlain(violation.ToScenario());
                }
            }

            return report.Passed ? ExitCodes.Done : ExitCodes.Refused;
        });
    }
}
