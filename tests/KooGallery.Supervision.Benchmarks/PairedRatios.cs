using System.Diagnostics;
using System.Globalization;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// The ratios of <see cref="CommandBenchmarks"/> and <see cref="DurableCommandBenchmarks"/> measured a second way,
/// paired in time: the methods of the benchmark classes themselves, called in turns (the order rotated each
/// round) so that each measurement of a command has a measurement of its floor taken right beside it. On a
/// shared machine whose load moves from second to second this keeps the noise out of the ratio better than
/// measuring each method for several seconds in turn. Prints the median of each method and the median of the
/// per-round ratios.
/// </summary>
internal static class PairedRatios
{
    public static async Task RunAsync(int rounds)
    {
        Console.WriteLine("In-memory (per operation; a round is one invocation of each method: 20,000 fires or progress updates, 5,000 appeals):");
        var command = new CommandBenchmarks();
        command.SetUpRaw();
        var raw = new List<double>();
        var progress = new List<double>();
        var appeal = new List<double>();
        for (var round = -12; round < rounds; round++)
        {
            // Each method's set-up runs outside its timing, as BenchmarkDotNet runs its iteration set-up; the first
            // twelve rounds are discarded while the JIT replaces tier-0 code.
            var order = ((round % 3) + 3) % 3;
            for (var step = 0; step < 3; step++)
            {
                switch ((order + step) % 3)
                {
                    case 0:
                        Add(round, raw, Time(command.RawStatelessFire) / 20_000);
                        break;
                    case 1:
                        command.SetUpProgress();
                        Add(round, progress, Time(() => command.ProgressUpdate().GetAwaiter().GetResult()) / 20_000);
                        break;
                    default:
                        command.SetUpAppeal();
                        Add(round, appeal, Time(() => command.BuyerAppeal().GetAwaiter().GetResult()) / 5_000);
                        break;
                }
            }
        }

        Print("RawStatelessFire", raw, raw);
        Print("ProgressUpdate", progress, raw);
        Print("BuyerAppeal", appeal, raw);

        var durable = new DurableCommandBenchmarks();
        Console.WriteLine();
        Console.WriteLine("Durable (per command; a round is one floor transaction and one command, in turns):");
        durable.SetUpSqlite();
        try
        {
            await PairAsync("SQLite", () => { durable.RawSqliteUpdateAndInsert(); return Task.CompletedTask; }, durable.SqliteProgressUpdate, rounds * 40);
        }
        finally
        {
            durable.CleanUpSqlite();
        }

        if (DurableCommandBenchmarks.PostgresConfigured)
        {
            durable.SetUpPostgreSql();
            try
            {
                await PairAsync("PostgreSQL", durable.RawPostgreSqlUpdateAndInsert, durable.PostgreSqlProgressUpdate, rounds * 40);
            }
            finally
            {
                durable.CleanUpPostgreSql();
            }
        }
    }

    private static async Task PairAsync(string name, Func<Task> floor, Func<Task> command, int rounds)
    {
        var floors = new List<double>();
        var commands = new List<double>();
        for (var round = -50; round < rounds; round++)
        {
            var commandFirst = (round & 1) == 1;
            for (var step = 0; step < 2; step++)
            {
                var watch = Stopwatch.StartNew();
                if ((step == 0) == commandFirst)
                {
                    await command();
                    Add(round, commands, watch.Elapsed.TotalNanoseconds);
                }
                else
                {
                    await floor();
                    Add(round, floors, watch.Elapsed.TotalNanoseconds);
                }
            }
        }

        var floorMedian = Median(floors);
        var commandMedian = Median(commands);
        var ratios = floors.Zip(commands, (f, c) => f / c).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {floorMedian / 1000:N0} us | {commandMedian / 1000:N0} us | {floorMedian / commandMedian:P0} | {Median(ratios):P0} | {rounds} |"));
    }

    private static void Add(int round, List<double> values, double value)
    {
        if (round >= 0)
        {
            values.Add(value); // the first rounds warm up
        }
    }

    /// <summary>
    /// Times one invocation after a full collection, as BenchmarkDotNet does before each iteration by default: else
    /// the next step pays for collecting what the previous set-up left (the appeal's set-up builds 5,000 flows).
    /// </summary>
    private static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalNanoseconds;
    }

    private static void Print(string name, List<double> values, List<double> baseline)
    {
        var ratios = values.Zip(baseline, (v, b) => v / b).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(values):N0} ns | {Median(values) / Median(baseline):F2} | {Median(ratios):F2} | {values.Count} |"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
