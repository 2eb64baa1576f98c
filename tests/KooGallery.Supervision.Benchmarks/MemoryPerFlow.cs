using System.Globalization;
using KooGallery.Supervision;
using NodaTime;
using NodaTime.Testing;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// 5. Memory per idle flow: 100,000 flows in the in-memory store, each with the six records of a
/// typical story (created, request submitted and accepted, delivered, accepted, completed), measured
/// as the managed heap retained after a full collection. Three runs; the median is reported.
/// </summary>
internal static class MemoryPerFlow
{
    private const int Flows = 100_000;

    public static async Task RunAsync()
    {
        var results = new List<long>();
        for (var run = 1; run <= 3; run++)
        {
            var (total, line) = await MeasureOnceAsync();
            results.Add(total);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: {line}"));
        }

        results.Sort();
        var median = results[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: {median / 1024.0 / 1024.0:F1} MiB for {Flows:N0} flows, {median / Flows:N0} bytes per flow (target: at most 200 MB, 2 KB per flow)"));
    }

    /// <summary>One measurement in a method of its own, so nothing of it is still referenced by the next.</summary>
    private static async Task<(long Total, string Line)> MeasureOnceAsync()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = new FakeClock(Stories.Start);
        var store = new InMemoryServiceFlowStore();
        var supervisor = new ServiceSupervisor(store, clock);
        for (var i = 0; i < Flows; i++)
        {
            await Stories.CompletedStoryAsync(supervisor, clock, "M-" + i.ToString(CultureInfo.InvariantCulture));
        }

        clock.Advance(Duration.FromHours(3));
        var sweep = await supervisor.ApplyDueTimersAsync();
        var records = (await store.ReadRecordsAsync("M-0", CancellationToken.None)).Count;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(store);
        GC.KeepAlive(supervisor);
        var total = after - before;
        return (total, string.Create(CultureInfo.InvariantCulture,
            $"{Flows:N0} flows, {records} records each, {sweep.FlowsUpdated:N0} completed by the sweep: {total / 1024.0 / 1024.0:F1} MiB retained, {total / Flows:N0} bytes per flow"));
    }
}
