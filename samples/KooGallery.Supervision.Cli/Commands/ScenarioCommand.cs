using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using KooGallery.Supervision.Scenarios;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>scenario run FILES...</c>: plays scenario files (KooGallery.Supervision.Scenarios) and reports each.</summary>
internal static class ScenarioCommand
{
    public static Command Build()
    {
        var files = new Argument<string[]>("FILES") { Description = "Scenario files (.yaml), or folders holding them.", Arity = ArgumentArity.OneOrMore };
        var run = new Command("run", "Play scenario files on a fresh in-memory supervisor each; exit 1 when one fails.") { files };
        run.Does(async (parse, context) =>
        {
            var paths = new List<string>();
            foreach (var given in parse.GetValue(files) ?? [])
            {
                if (Directory.Exists(given))
                {
                    paths.AddRange(ScenarioLibrary.FindFiles(given));
                }
                else if (File.Exists(given))
                {
                    paths.Add(given);
                }
                else
                {
                    throw CliException.Usage($"No scenario file or folder at {given}.");
                }
            }

            var runner = new ScenarioRunner();
            var results = new List<(string File, ScenarioResult? Result, string? Problem)>();
            async System.Threading.Tasks.Task PlayAsync(ProgressTask? task)
            {
                foreach (var path in paths)
                {
                    try
                    {
                        results.Add((path, await runner.RunFileAsync(path, context.CancellationToken), null));
                    }
                    catch (ScenarioFormatException e)
                    {
                        results.Add((path, null, e.Message));
                    }

                    task?.Increment(1);
                }
            }

            if (context.Json || !context.Console.Profile.Capabilities.Interactive || paths.Count < 5)
            {
                await PlayAsync(null);
            }
            else
            {
                await context.Console.Progress().StartAsync(progress => PlayAsync(progress.AddTask("Playing scenarios", maxValue: paths.Count)));
            }

            var failed = results.Count(r => r.Result is not { Passed: true });
            if (context.Json)
            {
                context.WriteJson(new
                {
                    passed = results.Count - failed,
                    failed,
                    scenarios = results.Select(r => new
                    {
                        file = r.File,
                        name = r.Result?.Name,
                        passed = r.Result?.Passed ?? false,
                        stepsRun = r.Result?.StepsRun ?? 0,
                        failure = r.Problem ?? r.Result?.Failure?.ToString(),
                    }).ToList(),
                });
            }
            else
            {
                foreach (var (file, result, problem) in results)
                {
                    context.Console.MarkupLine(result is { Passed: true }
                        ? $"[green]passed[/] {Words.Escape(result.Name)} ({result.StepsRun} steps) [grey]{Words.Escape(file)}[/]"
                        : $"[red]failed[/] {Words.Escape(problem ?? result!.Failure?.ToString() ?? result!.ToString())}");
                }

                context.Console.MarkupLine($"{results.Count - failed} passed, {failed} failed.");
            }

            return failed == 0 ? ExitCodes.Done : ExitCodes.Refused;
        });

        return new Command("scenario", "Scenario files: readable given/when/then stories of the rules.") { run };
    }
}
