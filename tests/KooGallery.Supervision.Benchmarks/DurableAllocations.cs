using System.Globalization;
using KooGallery.Supervision;
using KooGallery.Supervision.PostgreSql;
using KooGallery.Supervision.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// Where the bytes and the time of one command go: the progress update of <see cref="DurableCommandBenchmarks"/> on
/// the in-memory store, SQLite and PostgreSQL, with the store wrapped so that the bytes allocated and the time spent
/// inside each of its calls (load, command-id lookup, save) are counted apart from the engine's. Run alone, it prints
/// bytes per command averaged over 2,000 commands, then (in a second pass that counts no bytes, since counting them
/// precisely costs time) the median time of each part over 2,000 more; 2,000 commands are discarded first.
/// </summary>
internal static class DurableAllocations
{
    private const int Warmup = 2_000;
    private const int Commands = 2_000;

    private static readonly List<string> TimeLines = [];

    public static async Task RunAsync()
    {
        Console.WriteLine("Bytes allocated per command:");
        Console.WriteLine();
        Console.WriteLine("| Store | whole command | load (the flow with its command id) | separate command-id lookup | save | engine (the rest) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        await MeasureAsync("in-memory", new InMemoryServiceFlowStore());

        var folder = Path.Combine(Path.GetTempPath(), "koogallery-alloc-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var parts = new List<string>();
        try
        {
            var file = Path.Combine(folder, "store.db");
            var sqlite = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
            await sqlite.EnsureSchemaAsync();
            await MeasureAsync("SQLite", sqlite);

            // Two parts of every store call, measured alone: the stored form of the flow, and a pooled connection
            // opened with the pragmas the SQLite store runs on each open (SqliteRelationalStore.OpenAsync).
            var flow = (await sqlite.LoadAsync("F-1", CancellationToken.None))!;
            var json = SupervisionStorageFormat.Flow.Serialize(flow);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"the flow's stored form ({json.Length} characters): Flow.Serialize {Bytes(() => SupervisionStorageFormat.Flow.Serialize(flow)) / 1024:F1} KB, Flow.Deserialize {Bytes(() => SupervisionStorageFormat.Flow.Deserialize(json)) / 1024:F1} KB"));
            var utf8 = System.Text.Encoding.UTF8.GetBytes(json);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"the same as UTF-8: Flow.SerializeToUtf8 {Bytes(() => { buffer.ResetWrittenCount(); SupervisionStorageFormat.Flow.SerializeToUtf8(flow, buffer); }):F0} B, Flow.DeserializeFromUtf8 {Bytes(() => SupervisionStorageFormat.Flow.DeserializeFromUtf8(utf8)):F0} B, the flow's copy {Bytes(() => flow.Copy()):F0} B"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"SQLite: open a pooled connection and run the store's two pragmas, then close: {Bytes(() => OpenSqlite(file)) / 1024:F1} KB"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        if (SearchData.PostgresConfigured)
        {
            await using var dataSource = NpgsqlDataSource.Create(SearchData.PostgresConnectionString);
            var schema = "alloc_" + Guid.NewGuid().ToString("N")[..10];
            var postgres = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = schema });
            await postgres.EnsureSchemaAsync();
            try
            {
                await MeasureAsync("PostgreSQL", postgres);
            }
            finally
            {
                await using var drop = dataSource.CreateCommand($"DROP SCHEMA {schema} CASCADE");
                await drop.ExecuteNonQueryAsync();
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"PostgreSQL: open a pooled connection, then close: {Bytes(() => dataSource.OpenConnection().Dispose()) / 1024:F1} KB"));
        }

        Console.WriteLine();
        foreach (var part in parts)
        {
            Console.WriteLine("- " + part);
        }

        Console.WriteLine();
        Console.WriteLine("Median time per command (each part's median taken apart, so the parts need not add up to the whole):");
        Console.WriteLine();
        Console.WriteLine("| Store | whole command | load (the flow with its command id) | separate command-id lookup | save | engine (the whole less the three calls, per command) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        TimeLines.ForEach(Console.WriteLine);
    }

    /// <summary>The bytes one call of <paramref name="action"/> allocates, averaged over 1,000 calls after 100 discarded.</summary>
    private static double Bytes(Action action)
    {
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 1_000; i++)
        {
            action();
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / 1_000.0;
    }

    private static void OpenSqlite(string file)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}");
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
    }

    private static async Task MeasureAsync(string name, IServiceFlowStore inner)
    {
        var store = new MeasuringStore(inner);
        using var supervisor = new ServiceSupervisor(store, new FakeClock(Stories.Start));
        (await supervisor.CreateFlowAsync(Stories.Order("F-1", ProductKind.License))).GetValueOrThrow();
        for (var i = 0; i < Warmup; i++)
        {
            await Stories.MustAsync(supervisor, new PostProgressUpdate("w-" + i.ToString(CultureInfo.InvariantCulture), "F-1", Stories.Seller, "Schema converted; data copy at 40 %."));
        }

        store.Reset();
        store.CountBytes = true;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Commands; i++)
        {
            await Stories.MustAsync(supervisor, new PostProgressUpdate("m-" + i.ToString(CultureInfo.InvariantCulture), "F-1", Stories.Seller, "Schema converted; data copy at 40 %."));
        }

        var total = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Commands;
        store.CountBytes = false;
        var wholes = new List<double>(Commands);
        var engine = new List<double>(Commands);
        for (var i = 0; i < Commands; i++)
        {
            var callsBefore = store.CallTime;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await Stories.MustAsync(supervisor, new PostProgressUpdate("t-" + i.ToString(CultureInfo.InvariantCulture), "F-1", Stories.Seller, "Schema converted; data copy at 40 %."));
            var whole = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            wholes.Add(whole);
            engine.Add(whole - (store.CallTime - callsBefore));
        }

        var load = store.Load / (double)Commands;
        var lookup = store.Lookup / (double)Commands;
        var save = store.Save / (double)Commands;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {total / 1024:F1} KB | {load / 1024:F1} KB | {lookup / 1024:F1} KB | {save / 1024:F1} KB | {(total - load - lookup - save) / 1024:F1} KB |"));
        if (inner is InMemoryServiceFlowStore)
        {
            return; // its time is CommandBenchmarks' (a stopwatch per call is too coarse for it)
        }

        TimeLines.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(wholes):N1} us | {Median(store.LoadTimes):N1} us | {Median(store.LookupTimes):N1} us | {Median(store.SaveTimes):N1} us | {Median(engine):N1} us |"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2]; // none: a call the command no longer makes
    }

    /// <summary>Counts the bytes the process allocates inside each call of the store (the process runs nothing else meanwhile).</summary>
    private sealed class MeasuringStore(IServiceFlowStore inner) : IServiceFlowStore
    {
        public long Load { get; private set; }

        public long Lookup { get; private set; }

        public long Save { get; private set; }

        /// <summary>Gets the microseconds spent inside the three calls so far.</summary>
        public double CallTime { get; private set; }

        /// <summary>Gets or sets whether the calls count bytes (precisely, which costs time) rather than time.</summary>
        public bool CountBytes { get; set; }

        public List<double> LoadTimes { get; } = [];

        public List<double> LookupTimes { get; } = [];

        public List<double> SaveTimes { get; } = [];

        public void Reset()
        {
            (Load, Lookup, Save, CallTime) = (0, 0, 0, 0);
            LoadTimes.Clear();
            LookupTimes.Clear();
            SaveTimes.Clear();
        }

        public async ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken)
        {
            var before = CountBytes ? GC.GetTotalAllocatedBytes(precise: true) : 0;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var flow = await inner.LoadAsync(orderNumber, cancellationToken);
            Record(LoadTimes, started);
            Load += CountBytes ? GC.GetTotalAllocatedBytes(precise: true) - before : 0;
            return flow;
        }

        /// <summary>A command's one read of its flow and command id: counted as the load.</summary>
        public async ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> LoadForCommandAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
        {
            var before = CountBytes ? GC.GetTotalAllocatedBytes(precise: true) : 0;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var read = await inner.LoadForCommandAsync(orderNumber, commandId, cancellationToken);
            Record(LoadTimes, started);
            Load += CountBytes ? GC.GetTotalAllocatedBytes(precise: true) - before : 0;
            return read;
        }

        public async ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
        {
            var before = CountBytes ? GC.GetTotalAllocatedBytes(precise: true) : 0;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outcome = await inner.FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken);
            Record(LookupTimes, started);
            Lookup += CountBytes ? GC.GetTotalAllocatedBytes(precise: true) - before : 0;
            return outcome;
        }

        public async ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
        {
            var before = CountBytes ? GC.GetTotalAllocatedBytes(precise: true) : 0;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await inner.SaveAsync(change, cancellationToken);
            Record(SaveTimes, started);
            Save += CountBytes ? GC.GetTotalAllocatedBytes(precise: true) - before : 0;
            return result;
        }

        private void Record(List<double> times, long started)
        {
            if (CountBytes)
            {
                return;
            }

            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            times.Add(elapsed);
            CallTime += elapsed;
        }

        public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) => inner.ReadRecordsAsync(orderNumber, cancellationToken);

        public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) => inner.SearchAsync(query, now, cancellationToken);

        public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) => inner.FindDueAsync(now, maxCount, cancellationToken);

        public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) => inner.ReadPendingEventsAsync(now, maxCount, cancellationToken);

        public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) => inner.ParkTimersAsync(orderNumber, retryAt, cancellationToken);

        public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) => inner.DeferEventAsync(eventId, retryAt, cancellationToken);

        public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) => inner.MarkEventsDeliveredAsync(eventIds, cancellationToken);
    }
}
