using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>import FILE</c>: creates the flows of many orders from CSV or JSON lines, with a progress bar.</summary>
internal static class ImportCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("FILE") { Description = "A CSV file (header: order,buyer,seller,product[,kind,amount,currency,placed_at]) or JSON lines (.jsonl)." };
        var refused = new Option<string?>("--refused") { Description = "Where the refused rows go, each with its line and reason (default: FILE.refused.csv).", HelpName = "PATH" };
        var command = new Command("import", "Create the flows of many orders from a CSV or JSON-lines file; already existing orders are counted, not changed (their due timers are caught up, as any read does).") { file, refused };
        return command.Does(async (parse, context) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            if (!File.Exists(path))
            {
                throw CliException.Usage($"No file at {path}.");
            }

            // The report's place is checked before any row is imported: a bad one is bad usage, and nothing is written.
            var refusedPath = CheckReportPath(Path.GetFullPath(parse.GetValue(refused) ?? path + ".refused.csv"), path, context.StoreSettings.SqlitePath);
            OrderFile.CheckHeader(path); // a CSV header without the columns is bad usage, found before the store opens
            await using var store = await context.OpenAsync(bulk: true);
            var rows = OrderFile.Read(path, store.Now);
            var summary = new ImportSummary();
            var watch = Stopwatch.StartNew();
            var stopped = false;
            try
            {
                if (context.Json || !context.Console.Profile.Capabilities.Interactive)
                {
                    await ImportAsync(store, rows, summary, null, context);
                }
                else
                {
                    await context.Console.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask($"Importing {rows.Count:N0} rows", maxValue: rows.Count);
                            await ImportAsync(store, rows, summary, task, context);
                        });
                }
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the rows done so far are kept and counted; importing the file again finds them existing.
                stopped = true;
            }

            watch.Stop();
            store.Events.Take();
            if (summary.Refused.Count > 0)
            {
                var report = new[] { "line,reason,row" }.Concat(summary.Refused.Select(r => $"{r.Line},{OrderFile.QuoteCsv(r.Reason)},{OrderFile.QuoteCsv(r.Raw)}")).ToList();
                try
                {
                    await File.WriteAllLinesAsync(refusedPath, report, CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The rows created stay created; the refused ones are not lost: they go to stderr instead.
                    foreach (var line in report)
                    {
                        context.Error.WriteLine(line);
                    }

                    throw CliException.Store($"{summary.Created} created, {summary.Existing} existing; the {summary.Refused.Count} refused rows (above) could not be written to {refusedPath}: {e.Message}");
                }
            }

            var seconds = watch.Elapsed.TotalSeconds;
            var done = summary.Created + summary.Existing + summary.Refused.Count;
            var perSecond = seconds > 0 ? done / seconds : 0;
            if (context.Json)
            {
                context.WriteJson(new
                {
                    file = path,
                    rows = rows.Count,
                    stopped,
                    created = summary.Created,
                    existing = summary.Existing,
                    refused = summary.Refused.Count,
                    refusedFile = summary.Refused.Count > 0 ? refusedPath : null,
                    seconds = System.Math.Round(seconds, 3),
                    rowsPerSecond = System.Math.Round(perSecond, 1),
                });
            }
            else
            {
                if (stopped)
                {
                    context.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[yellow]Stopped[/] after {done:N0} of {rows.Count:N0} rows; import the file again to go on (the rows done count as existing)."));
                }

                context.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{done:N0} rows in {seconds:0.0} s ({perSecond:N0} rows/s): [green]{summary.Created:N0} created[/], {summary.Existing:N0} existing, {(summary.Refused.Count > 0 ? "[red]" : "[green]")}{summary.Refused.Count:N0} refused[/]"));
                if (summary.Refused.Count > 0)
                {
                    context.Console.MarkupLine($"Refused rows, with the reason: {Words.Escape(refusedPath)}");
                }
            }

            return ExitCodes.Done;
        });
    }

    /// <summary>How many rows are created at once: SQLite commits one at a time, but reading, checking and building
    /// the next flows overlap with a commit.</summary>
    private const int Workers = 4;

    /// <summary>
    /// Where the refused rows may go, checked before anything is imported: not over the imported file or the database
    /// (or its journal files), by name or through a link; not a folder; in a folder that exists. A non-empty regular
    /// file there is looked at too, so that another name of the database or of the imported file (a hard link, a disk
    /// that ignores case) is refused: a SQLite database, or the same bytes as the imported file. Nothing is opened for
    /// writing here (a pipe would take it as its end), and a device or a pipe is never read: it is written at the end.
    /// </summary>
    private static string CheckReportPath(string report, string input, string? database)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var taken = new List<string> { input };
        if (database is not null)
        {
            var full = Path.GetFullPath(database);
            taken.AddRange([full, full + "-wal", full + "-shm", full + "-journal"]);
        }

        try
        {
            var target = Path.Exists(report) ? new FileInfo(report).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? report : report;
            if (taken.Any(p => string.Equals(p, report, comparison) || string.Equals(p, target, comparison)))
            {
                throw CliException.Usage($"--refused: {report} is the imported file or the database; name another file for the refused rows.");
            }

            if (Directory.Exists(report))
            {
                throw CliException.Usage($"--refused: {report} is a folder; name a file for the refused rows.");
            }

            var folder = Path.GetDirectoryName(report);
            if (folder is null || !Directory.Exists(folder))
            {
                throw CliException.Usage($"--refused: no folder {folder} for {report}.");
            }

            // A device or a pipe has no length: only a regular file with bytes in it is read.
            var file = new FileInfo(target);
            if (file.Exists && file.Length > 0 && (IsSqlite(file) || SameContent(file, new FileInfo(input))))
            {
                throw CliException.Usage($"--refused: {report} holds a database or the imported rows; name another file for the refused rows.");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"--refused: cannot look at {report}: {e.Message}");
        }

        return report;
    }

    private static bool IsSqlite(FileInfo file)
    {
        Span<byte> header = stackalloc byte[16];
        using var stream = file.OpenRead();
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
            && header.SequenceEqual("SQLite format 3\0"u8);
    }

    /// <summary>Whether two regular files hold the same bytes, read a block at a time.</summary>
    private static bool SameContent(FileInfo file, FileInfo input)
    {
        if (file.Length != input.Length)
        {
            return false;
        }

        using var left = file.OpenRead();
        using var right = input.OpenRead();
        var a = new byte[81_920];
        var b = new byte[81_920];
        while (true)
        {
            var read = left.ReadAtLeast(a, a.Length, throwOnEndOfStream: false);
            if (read == 0)
            {
                return true;
            }

            if (right.ReadAtLeast(b, read, throwOnEndOfStream: false) != read || !a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, read)))
            {
                return false;
            }
        }
    }

    private static async Task ImportAsync(CliStore store, IReadOnlyList<OrderRow> rows, ImportSummary summary, ProgressTask? task, CliContext context)
    {
        foreach (var row in rows.Where(r => r.Order is null))
        {
            summary.Refuse(row.Line, row.Problem ?? "Cannot be read.", row.Raw);
            task?.Increment(1);
        }

        // The rows of one order number go in the file's order, one after another: the first creates the flow (unless
        // the store already holds it), and a later one finds it there. Different order numbers go side by side.
        var orders = rows.Where(r => r.Order is not null).GroupBy(r => r.Order!.OrderNumber, System.StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = context.CancellationToken };
        await Parallel.ForEachAsync(orders, options, async (sameOrder, cancellationToken) =>
        {
            foreach (var row in sameOrder)
            {
                await ImportRowAsync(store, row, row.Order!, summary, cancellationToken);
                task?.Increment(1);
            }
        });
    }

    private static async Task ImportRowAsync(CliStore store, OrderRow row, NewServiceFlow order, ImportSummary summary, CancellationToken cancellationToken)
    {
        try
        {
            var existing = await store.Store.LoadAsync(order.OrderNumber, cancellationToken);
            if (existing is not null && !row.PlacedAtGiven)
            {
                // A row without placed_at takes now; imported again, it must still find its flow the same order.
                order = order with { PlacedAt = existing.PlacedAt };
            }

            var existed = existing is not null;
            var result = await store.Supervisor.CreateFlowAsync(order, cancellationToken);
            if (!result.IsSuccess)
            {
                summary.Refuse(row.Line, $"{result.Error!.Code}: {result.Error.Message}", row.Raw);
            }
            else if (existed)
            {
                Interlocked.Increment(ref summary.Existing);
            }
            else
            {
                Interlocked.Increment(ref summary.Created);
            }
        }
        catch (FormatException e)
        {
            // The order's flow is stored but damaged: this row is refused, and the others go on.
            summary.Refuse(row.Line, $"Damaged: the stored flow of {order.OrderNumber} cannot be read ({e.Message})", row.Raw);
        }
    }

    private sealed class ImportSummary
    {
        public int Created;

        public int Existing;

        private readonly List<(int Line, string Reason, string Raw)> refused = [];

        /// <summary>The refused rows, in the file's order.</summary>
        public IReadOnlyList<(int Line, string Reason, string Raw)> Refused
        {
            get
            {
                lock (refused)
                {
                    return refused.OrderBy(r => r.Line).ToList();
                }
            }
        }

        public void Refuse(int line, string reason, string raw)
        {
            lock (refused)
            {
                refused.Add((line, reason, raw));
            }
        }
    }
}
