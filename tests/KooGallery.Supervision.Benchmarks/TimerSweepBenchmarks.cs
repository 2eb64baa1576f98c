using System.Globalization;
using BenchmarkDotNet.Attributes;
using KooGallery.Supervision;
using NodaTime;
using NodaTime.Testing;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// 4. Timer sweep scaling on the in-memory store: 1,000 flows with a completion due among 1,000,
/// 100,000 and 1,000,000 flows in total (the others idle, their timers days away). Each iteration adds
/// 1,000 newly accepted flows and sweeps them to Completed; the cost should follow the number of due
/// flows, not the number of flows.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
// Enough warm-up iterations for the JIT's tier 1 to replace the tier-0 code (about 8 iterations of one invocation).
[SimpleJob(launchCount: 1, warmupCount: 12, iterationCount: 10, invocationCount: 1)]
public class TimerSweepBenchmarks
{
    private const int Due = 1_000;
    private readonly Dictionary<int, (ServiceSupervisor Supervisor, FakeClock Clock)> _stores = [];
    private int _iteration;

    [GlobalSetup]
    public void SetUp()
    {
        foreach (var total in new[] { Due, 100_000, 1_000_000 })
        {
            var clock = new FakeClock(Stories.Start);
            var supervisor = new ServiceSupervisor(new InMemoryServiceFlowStore(), clock);
            for (var i = 0; i < total - Due; i++)
            {
                supervisor.CreateFlowAsync(Stories.Order("I-" + i.ToString(CultureInfo.InvariantCulture), ProductKind.License))
                    .AsTask().GetAwaiter().GetResult().GetValueOrThrow();
            }

            _stores[total] = (supervisor, clock);
        }
    }

    [IterationSetup(Target = nameof(SweepDueAmong1000))]
    public void AddDueFlowsAmong1000() => AddDueFlows(Due);

    [IterationSetup(Target = nameof(SweepDueAmong100000))]
    public void AddDueFlowsAmong100000() => AddDueFlows(100_000);

    [IterationSetup(Target = nameof(SweepDueAmong1000000))]
    public void AddDueFlowsAmong1000000() => AddDueFlows(1_000_000);

    [Benchmark(Baseline = true)]
    public async Task<int> SweepDueAmong1000() => (await _stores[Due].Supervisor.ApplyDueTimersAsync()).FlowsUpdated;

    [Benchmark]
    public async Task<int> SweepDueAmong100000() => (await _stores[100_000].Supervisor.ApplyDueTimersAsync()).FlowsUpdated;

    [Benchmark]
    public async Task<int> SweepDueAmong1000000() => (await _stores[1_000_000].Supervisor.ApplyDueTimersAsync()).FlowsUpdated;

    private void AddDueFlows(int total)
    {
        var (supervisor, clock) = _stores[total];
        Stories.AddDueFlows(supervisor, clock, $"D-{++_iteration}-", Due);
    }
}
