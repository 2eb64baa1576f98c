using System.Globalization;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// The bytes one in-memory command allocates, counted on the current thread (deterministic, unlike time): the
/// progress update and the buyer's appeal exactly as <see cref="CommandBenchmarks"/> prepares them, each run once to
/// warm up, then counted over a second, fresh set of commands.
/// </summary>
internal static class CommandAllocations
{
    public static async Task RunAsync(string? detail)
    {
        if (detail == "sqlite")
        {
            await SampleSqliteAsync();
            return;
        }

        if (detail == "postgres")
        {
            await SamplePostgreSqlAsync();
            return;
        }

        if (detail is "progress" or "appeal")
        {
            await SampleAsync(detail == "appeal");
            return;
        }

        var benchmarks = new CommandBenchmarks();
        var progress = 0.0;
        var appeal = 0.0;
        for (var round = 0; round < 3; round++)
        {
            benchmarks.SetUpProgress();
            progress = await CountAsync(benchmarks.ProgressUpdate, 20_000);
            benchmarks.SetUpAppeal();
            appeal = await CountAsync(benchmarks.BuyerAppeal, 5_000);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-memory progress update: {progress:F0} bytes per command"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-memory buyer appeal: {appeal:F0} bytes per command"));
    }

    private static async Task SampleAsync(bool appeal)
    {
        using var sampler = new AllocationSampler();
        var benchmarks = new CommandBenchmarks();
        for (var round = 0; round < 8; round++)
        {
            if (appeal)
            {
                benchmarks.SetUpAppeal();
            }
            else
            {
                benchmarks.SetUpProgress();
            }

            sampler.Counting = round > 0;
            await (appeal ? benchmarks.BuyerAppeal() : benchmarks.ProgressUpdate());
            sampler.Counting = false;
        }

        sampler.Print();
    }

    /// <summary>Samples the progress updates of <see cref="DurableAllocations"/> on a SQLite store by type.</summary>
    private static async Task SampleSqliteAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "koogallery-sample-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var store = new Sqlite.SqliteServiceFlowStore(new Sqlite.SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(folder, "store.db")}" });
            await store.EnsureSchemaAsync();
            using var supervisor = new ServiceSupervisor(store, new NodaTime.Testing.FakeClock(Stories.Start));
            (await supervisor.CreateFlowAsync(Stories.Order("F-1", ProductKind.License))).GetValueOrThrow();
            using var sampler = new AllocationSampler();
            for (var i = 0; i < 6_000; i++)
            {
                sampler.Counting = i >= 1_000;
                await Stories.MustAsync(supervisor, new PostProgressUpdate("s-" + i.ToString(CultureInfo.InvariantCulture), "F-1", Stories.Seller, "Schema converted; data copy at 40 %."));
            }

            sampler.Counting = false;
            sampler.Print();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Samples the same progress updates on a PostgreSQL store (the server KOOGALLERY_SUPERVISION_POSTGRES names) by type.</summary>
    private static async Task SamplePostgreSqlAsync()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(SearchData.PostgresConnectionString);
        var schema = "sample_" + Guid.NewGuid().ToString("N")[..10];
        var store = new PostgreSql.PostgreSqlServiceFlowStore(new PostgreSql.PostgreSqlStoreOptions { DataSource = dataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        try
        {
            using var supervisor = new ServiceSupervisor(store, new NodaTime.Testing.FakeClock(Stories.Start));
            (await supervisor.CreateFlowAsync(Stories.Order("F-1", ProductKind.License))).GetValueOrThrow();
            using var sampler = new AllocationSampler();
            for (var i = 0; i < 4_000; i++)
            {
                sampler.Counting = i >= 1_000;
                await Stories.MustAsync(supervisor, new PostProgressUpdate("p-" + i.ToString(CultureInfo.InvariantCulture), "F-1", Stories.Seller, "Schema converted; data copy at 40 %."));
            }

            sampler.Counting = false;
            sampler.Print();
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<double> CountAsync(Func<Task> run, int commands)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        await run();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)commands;
    }
}

/// <summary>
/// Samples the runtime's allocation ticks (one about every 100 KB) by type name: where the bytes of a command go,
/// roughly; for <c>command-allocations types</c>.
/// </summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, long> _bytes = [];

    public bool Counting { get; set; }

    public void Print()
    {
        lock (_bytes)
        {
            var total = _bytes.Values.Sum();
            foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(40))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * bytes / total,5:F1} %  {type}"));
            }
        }
    }

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
    {
        if (!Counting || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var name = eventData.PayloadNames!.IndexOf("TypeName");
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (name < 0 || amount < 0)
        {
            return;
        }

        lock (_bytes)
        {
            var type = eventData.Payload[name] as string ?? "?";
            _bytes[type] = _bytes.GetValueOrDefault(type) + Convert.ToInt64(eventData.Payload[amount], CultureInfo.InvariantCulture);
        }
    }
}
