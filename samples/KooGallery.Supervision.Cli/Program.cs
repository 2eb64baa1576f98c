using System;
using System.Threading;
using KooGallery.Supervision.Cli;
using Spectre.Console;

// koogallery-supervision: the command-line tool. Everything is in CliApp, so that tests run it in-process.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C ends `sweep --watch` (and any long command) cleanly; a second Ctrl+C ends the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Piped or captured output has no terminal width: tables get room instead of the 80 columns Spectre assumes.
    console.Profile.Width = 160;
}

return await CliApp.RunAsync(args, console, Console.Error, CliEnvironment.FromProcess(), cancellation.Token);
