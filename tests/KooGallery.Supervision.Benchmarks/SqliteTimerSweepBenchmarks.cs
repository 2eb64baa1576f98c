using System.Globalization;
using BenchmarkDotNet.Attributes;
using KooGallery.Supervision;
using KooGallery.Supervision.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// 4b. Timer sweep scaling on SQLite (write-ahead log, synchronous = FULL): 1,000 flows with a completion
/// due among 1,000 and among 100,000 flows in total. Each iteration adds 1,000 newly accepted flows and
/// sweeps them to Completed; the due flows are found through the index on next_due_at.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
// One iteration (1,000 durable completions, a third of a second or more) runs the code often enough for tier 1;
// a second warm-up iteration leaves the first measured one without tier-0 code.
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6, invocationCount: 1)]
public class SqliteTimerSweepBenchmarks
{
    private const int Due = 1_000;
    private readonly Dictionary<int, (ServiceSupervisor Supervisor, FakeClock Clock)> _stores = [];
    private string _folder = null!;
    private int _iteration;

    [GlobalSetup]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "koogallery-sweep-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        foreach (var total in new[] { Due, 100_000 })
        {
            var file = Path.Combine(_folder, $"sweep-{total}.db");
            var clock = new FakeClock(Stories.Start);
            var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
            store.EnsureSchemaAsync().AsTask().GetAwaiter().GetResult();
            var supervisor = new ServiceSupervisor(store, clock);
            for (var i = 0; i < total - Due; i++)
            {
                supervisor.CreateFlowAsync(Stories.Order("I-" + i.ToString(CultureInfo.InvariantCulture), ProductKind.License))
                    .AsTask().GetAwaiter().GetResult().GetValueOrThrow();
            }

            _stores[total] = (supervisor, clock);
        }
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [IterationSetup(Target = nameof(SqliteSweepDueAmong1000))]
    public void AddDueFlowsAmong1000() => AddDueFlows(Due);

    [IterationSetup(Target = nameof(SqliteSweepDueAmong100000))]
    public void AddDueFlowsAmong100000() => AddDueFlows(100_000);

    [Benchmark(Baseline = true)]
    public async Task<int> SqliteSweepDueAmong1000() => (await _stores[Due].Supervisor.ApplyDueTimersAsync()).FlowsUpdated;

    [Benchmark]
    public async Task<int> SqliteSweepDueAmong100000() => (await _stores[100_000].Supervisor.ApplyDueTimersAsync()).FlowsUpdated;

    private void AddDueFlows(int total)
    {
        var (supervisor, clock) = _stores[total];
        Stories.AddDueFlows(supervisor, clock, $"D-{++_iteration}-", Due);
    }
}
