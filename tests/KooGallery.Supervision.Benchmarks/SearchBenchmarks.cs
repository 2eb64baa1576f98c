using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KooGallery.Supervision;
using NodaTime.Testing;
using Npgsql;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// 7. Search and view among many flows (R28, R29), on SQLite and PostgreSQL: each query among
/// <see cref="Many"/> flows against the same query, with the same result, among 1,000 flows (the baseline of
/// its category). The data sets are described in <see cref="SearchData"/>: the result sets are the same size in
/// both, so a query backed by an index that serves its filter and its order costs about the same, and one that
/// reads rows it then throws away grows with the number of flows. Every call goes through the supervisor
/// (validation, the catch-up of due timers, which finds none, the store's query, reading the page).
/// </summary>
/// <remarks>
/// Load the data sets first (minutes for 1,000,000 flows; they are kept for later runs) with
/// <c>dotnet run -c Release --project tests/KooGallery.Supervision.Benchmarks -- search-data</c>; a benchmark
/// process that finds one missing loads it in its set-up. The PostgreSQL cases run only when
/// KOOGALLERY_SUPERVISION_POSTGRES names a server.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SearchBenchmarks
{
    /// <summary>The number of flows of the large data set.</summary>
    public const int Many = 1_000_000;

    /// <summary>The number of flows of the small data set, the baseline.</summary>
    public const int Few = 1_000;

    private Target _few = null!;
    private Target _many = null!;
    private NpgsqlDataSource? _postgres;

    [ParamsSource(nameof(Databases))]
    public string Database { get; set; } = "SQLite";

    public static IEnumerable<string> Databases => SearchData.PostgresConfigured ? ["SQLite", "PostgreSQL"] : ["SQLite"];

    [GlobalSetup]
    public void SetUp()
    {
        if (Database == "PostgreSQL")
        {
            _postgres = NpgsqlDataSource.Create(SearchData.PostgresConnectionString);
        }

        _few = Target.OpenAsync(Database, Few, _postgres).GetAwaiter().GetResult();
        _many = Target.OpenAsync(Database, Many, _postgres).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _few.Dispose();
        _many.Dispose();
        _postgres?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("1 buyer waiting on me")]
    public Task<int> BuyerWaitingOnMe_1k() => _few.BuyerWaitingOnMeAsync();

    [Benchmark]
    [BenchmarkCategory("1 buyer waiting on me")]
    public Task<int> BuyerWaitingOnMe_1M() => _many.BuyerWaitingOnMeAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("2 seller first page")]
    public Task<int> SellerFirstPage_1k() => _few.SellerFirstPageAsync();

    [Benchmark]
    [BenchmarkCategory("2 seller first page")]
    public Task<int> SellerFirstPage_1M() => _many.SellerFirstPageAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("3 seller tenth page")]
    public Task<int> SellerTenthPage_1k() => _few.SellerTenthPageAsync();

    [Benchmark]
    [BenchmarkCategory("3 seller tenth page")]
    public Task<int> SellerTenthPage_1M() => _many.SellerTenthPageAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("4 stalled first page")]
    public Task<int> Stalled_1k() => _few.StalledAsync();

    [Benchmark]
    [BenchmarkCategory("4 stalled first page")]
    public Task<int> Stalled_1M() => _many.StalledAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("5 under appeal first page")]
    public Task<int> UnderAppeal_1k() => _few.UnderAppealAsync();

    [Benchmark]
    [BenchmarkCategory("5 under appeal first page")]
    public Task<int> UnderAppeal_1M() => _many.UnderAppealAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("6 appeal queue first page")]
    public Task<int> AppealQueue_1k() => _few.AppealQueueAsync();

    [Benchmark]
    [BenchmarkCategory("6 appeal queue first page")]
    public Task<int> AppealQueue_1M() => _many.AppealQueueAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("7 view")]
    public Task<int> View_1k() => _few.ViewAsync();

    [Benchmark]
    [BenchmarkCategory("7 view")]
    public Task<int> View_1M() => _many.ViewAsync();

    /// <summary>One data set behind a supervisor whose clock stands at the data set's now.</summary>
    private sealed class Target : IDisposable
    {
        private readonly ServiceSupervisor _supervisor;
        private readonly string _viewOrder;
        private FlowCursor _tenth = null!;

        private Target(IServiceFlowStore store, int flows)
        {
            _supervisor = new ServiceSupervisor(store, new FakeClock(SearchData.Now));
            _viewOrder = SearchData.ViewOrder(flows);
        }

        public static async Task<Target> OpenAsync(string database, int flows, NpgsqlDataSource? postgres)
        {
            IServiceFlowStore store = database == "PostgreSQL"
                ? await SearchData.OpenPostgresAsync(postgres!, flows)
                : await SearchData.OpenSqliteAsync(flows);
            var target = new Target(store, flows);
            target._tenth = await SearchData.SellerTenthPageAsync(target._supervisor);

            // Each query returns what the data set promises, whatever its size.
            Expect(await target.BuyerWaitingOnMeAsync(), SearchData.PageSize, "waiting on the buyer");
            Expect(await target.SellerFirstPageAsync(), SearchData.PageSize, "the seller's first page");
            Expect(await target.SellerTenthPageAsync(), SearchData.PageSize, "the seller's tenth page");
            Expect(await target.StalledAsync(), SearchData.PageSize, "stalled flows");
            Expect(await target.UnderAppealAsync(), SearchData.PageSize, "flows under appeal");
            Expect(await target.AppealQueueAsync(), SearchData.PageSize, "the appeal queue");
            Expect(await target.ViewAsync(), 6, "records of the viewed flow");
            return target;
        }

        public Task<int> BuyerWaitingOnMeAsync() => SearchAsync(SearchData.Buyer, new FlowQuery { WaitingOn = SearchData.Buyer });

        public Task<int> SellerFirstPageAsync() => SearchAsync(SearchData.Seller, new FlowQuery());

        public Task<int> SellerTenthPageAsync() => SearchAsync(SearchData.Seller, new FlowQuery { After = _tenth });

        public Task<int> StalledAsync() => SearchAsync(SearchData.Operations, new FlowQuery { Stalled = true });

        public Task<int> UnderAppealAsync() => SearchAsync(SearchData.Operations, new FlowQuery { UnderAppeal = true });

        public Task<int> AppealQueueAsync() => SearchAsync(SearchData.Operations, new FlowQuery { WaitingOn = SearchData.Operations });

        public async Task<int> ViewAsync() => (await _supervisor.GetViewAsync(_viewOrder, SearchData.Viewer)).GetValueOrThrow().Records.Count;

        public void Dispose() => _supervisor.Dispose();

        private async Task<int> SearchAsync(Actor viewer, FlowQuery query) => (await _supervisor.SearchAsync(query, viewer)).GetValueOrThrow().Items.Count;

        private static void Expect(int actual, int expected, string what)
        {
            if (actual != expected)
            {
                throw new InvalidOperationException($"Expected {expected} for {what}, got {actual}.");
            }
        }
    }
}
