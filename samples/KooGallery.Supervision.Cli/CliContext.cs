using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary>One invocation's surroundings: where output goes, whether it is JSON, which store, and the cancellation.</summary>
internal sealed class CliContext(IAnsiConsole console, TextWriter error, CliEnvironment environment, StoreSettings store, bool json, bool sandbox, CancellationToken cancellationToken)
{
    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    public CliEnvironment Environment { get; } = environment;

    public StoreSettings StoreSettings { get; } = store;

    public bool Json { get; } = json;

    public bool Sandbox { get; } = sandbox;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Opens the store; with --sandbox, a database without a sandbox clock gets one (at <paramref name="sandboxStart"/>,
    /// or at the system's time to the minute). Commands judge their arguments first: bad usage writes nothing.</summary>
    public Task<CliStore> OpenAsync(bool create = false, Instant? sandboxStart = null, bool bulk = false) =>
        CliStore.OpenAsync(StoreSettings, Environment, create, Sandbox, sandboxStart, bulk, CancellationToken);

    /// <summary>Writes a JSON document on stdout, unwrapped (not through Spectre's line wrapping).</summary>
    public void WriteJson(object value, bool indented = true)
    {
        var writer = Console.Profile.Out.Writer;
        writer.WriteLine(CliJson.Write(value, indented));
        writer.Flush();
    }

    /// <summary>Writes a plain line on stdout, unwrapped.</summary>
    public void WritePlain(string text)
    {
        var writer = Console.Profile.Out.Writer;
        writer.WriteLine(text);
        writer.Flush();
    }

    /// <summary>A rule refused: the code and message on stderr (and the error as JSON on stdout with --json); exit 1.</summary>
    public int Refused(SupervisionError error)
    {
        Error.WriteLine($"refused: {error.Code}{(error.Reason is null ? string.Empty : $" ({error.Reason})")}: {error.Message}");
        if (Json)
        {
            WriteJson(CliJson.Error(error));
        }

        return ExitCodes.Refused;
    }

    /// <summary>Prints the events a command caused, each with its order number.</summary>
    public void PrintEvents(CliStore store)
    {
        foreach (var e in store.Events.Take())
        {
            var concerns = e.Concerns == Party.Nobody ? string.Empty : $", notify {Words.WaitingOn(e.Concerns)}";
            Console.MarkupLine($"  [grey]event[/] [yellow]{e.Kind}[/] on {Words.Escape(e.OrderNumber)} at {Words.Time(e.OccurredAt)}{Words.Escape(concerns)}");
        }
    }

    public static string ClockLine(CliStore store) =>
        store.IsSandbox ? $"sandbox clock: {Words.Time(store.Now)}" : $"system clock: {Words.Time(store.Now)}";

    public static Exception Unexpected(string message) => new InvalidOperationException(message);
}
