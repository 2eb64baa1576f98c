using System.Diagnostics;
using System.Globalization;
using KooGallery.Supervision;
using KooGallery.Supervision.PostgreSql;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// 6. Commands per second on PostgreSQL with 1, 2, 4 and 8 concurrent workers, each on a flow of its
/// own, and all on one hot flow (where lost races are counted: the engine re-checks and retries them).
/// Needs KOOGALLERY_SUPERVISION_POSTGRES. Three runs per configuration; the median is reported.
/// </summary>
internal static class PostgreSqlThroughput
{
    private const int CommandsPerWorker = 400;

    public static async Task RunAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("KOOGALLERY_SUPERVISION_POSTGRES")
            ?? throw new InvalidOperationException("Set KOOGALLERY_SUPERVISION_POSTGRES to a PostgreSQL connection string.");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Console.WriteLine("| workers | flows | commands/s (median of 3) | lost races retried by the engine, per command | commands the engine gave up on (Conflict), sent again by the client |");
        Console.WriteLine("|---|---|---|---|---|");
        // One discarded pass first, so the first configuration does not pay for start-up (JIT, pools).
        await MeasureAsync(dataSource, 2, hot: false);
        foreach (var hot in new[] { false, true })
        {
            foreach (var workers in new[] { 1, 2, 4, 8 })
            {
                var rates = new List<double>();
                var retries = new List<double>();
                var gaveUp = new List<int>();
                for (var run = 0; run < 3; run++)
                {
                    var (rate, retried, conflicts) = await MeasureAsync(dataSource, workers, hot);
                    rates.Add(rate);
                    retries.Add(retried);
                    gaveUp.Add(conflicts);
                }

                rates.Sort();
                retries.Sort();
                gaveUp.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {workers} | {(hot ? "one hot flow" : "one per worker")} | {rates[1]:N0} | {retries[1]:F2} | {gaveUp[1]} of {workers * CommandsPerWorker} |"));
            }
        }
    }

    private static async Task<(double Rate, double RetriesPerCommand, int GaveUp)> MeasureAsync(NpgsqlDataSource dataSource, int workers, bool hot)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var store = new CountingStore(new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = schema }));
        await ((ISupervisionSchema)store.Inner).EnsureSchemaAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Stories.Start), new ServiceSupervisionOptions { MaxCommandAttempts = 10 });
        var flows = hot ? 1 : workers;
        for (var f = 0; f < flows; f++)
        {
            (await supervisor.CreateFlowAsync(Stories.Order("T-" + f.ToString(CultureInfo.InvariantCulture), ProductKind.License))).GetValueOrThrow();
        }

        store.Reset();
        var gaveUp = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var order = "T-" + (hot ? 0 : w).ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < CommandsPerWorker; i++)
            {
                // A client sends a command that lost too many races again, with the same id (R30).
                var command = new PostProgressUpdate($"w{w}-{i}", order, Stories.Seller, "Progress.");
                while (true)
                {
                    var result = await supervisor.ExecuteAsync(command);
                    if (result.IsSuccess)
                    {
                        break;
                    }

                    if (result.Error.Code != SupervisionErrorCode.Conflict)
                    {
                        throw new InvalidOperationException(result.Error.Message);
                    }

                    Interlocked.Increment(ref gaveUp);
                }
            }
        })));
        watch.Stop();
        var commands = workers * CommandsPerWorker;
        await using (var drop = dataSource.CreateCommand($"DROP SCHEMA {schema} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        return (commands / watch.Elapsed.TotalSeconds, store.Conflicts / (double)commands, gaveUp);
    }

    /// <summary>Counts the saves that lost a race on the flow's version.</summary>
    private sealed class CountingStore(IServiceFlowStore inner) : IServiceFlowStore
    {
        private int _conflicts;

        public IServiceFlowStore Inner => inner;

        public int Conflicts => _conflicts;

        public void Reset() => _conflicts = 0;

        public ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) => inner.LoadAsync(orderNumber, cancellationToken);

        public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) => inner.ReadRecordsAsync(orderNumber, cancellationToken);

        public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken) => inner.FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken);

        public async ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
        {
            var result = await inner.SaveAsync(change, cancellationToken);
            if (result == FlowSaveResult.VersionConflict)
            {
                Interlocked.Increment(ref _conflicts);
            }

            return result;
        }

        public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) => inner.SearchAsync(query, now, cancellationToken);

        public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) => inner.FindDueAsync(now, maxCount, cancellationToken);

        public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) => inner.ReadPendingEventsAsync(now, maxCount, cancellationToken);

        public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) => inner.ParkTimersAsync(orderNumber, retryAt, cancellationToken);

        public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) => inner.DeferEventAsync(eventId, retryAt, cancellationToken);

        public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) => inner.MarkEventsDeliveredAsync(eventIds, cancellationToken);
    }
}
