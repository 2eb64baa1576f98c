using System;
using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace KooGallery.Supervision.Cli;

/// <summary>Attaches each command's work to it; <see cref="CliApp"/> wraps the work with the context and exit codes.</summary>
internal static class CommandWork
{
    private static readonly ConditionalWeakTable<Command, Func<ParseResult, CliContext, Task<int>>> Works = new();

    public static Command Does(this Command command, Func<ParseResult, CliContext, Task<int>> work)
    {
        Works.AddOrUpdate(command, work);
        return command;
    }

    public static Func<ParseResult, CliContext, Task<int>>? WorkOf(this Command command) =>
        Works.TryGetValue(command, out var work) ? work : null;
}
