using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Timers;

/// <summary>
/// The sweep reads due flows in batches of ServiceSupervisionOptions.TimerSweepBatchSize: a full batch means more may be
/// due, so the sweep reads the next one until a batch comes back short; a search catches up one batch only before it
/// reads (its answer must not wait for a whole backlog).
/// </summary>
public class TimerSweeperBatchTests
{
    private static async Task<TestHost> ThreeStalledFlowsAsync()
    {
        var host = new TestHost();
        await host.CreateAsync("ORD-1");
        await host.CreateAsync("ORD-2");
        await host.CreateAsync("ORD-3");
        host.Clock.Advance(Duration.FromDays(6)); // each waits on its buyer: the stall timers are due
        return host;
    }

    private static async Task<int> CaughtUpAsync(TestHost host)
    {
        var caughtUp = 0;
        foreach (var order in new[] { "ORD-1", "ORD-2", "ORD-3" })
        {
            caughtUp += (await host.FlowAsync(order)).Version > 1 ? 1 : 0;
        }

        return caughtUp;
    }

    [Fact]
    public async Task A_sweep_reads_batch_after_full_batch_until_every_due_flow_is_caught_up()
    {
        var host = await ThreeStalledFlowsAsync();
        var supervisor = new ServiceSupervisor(host.Store, host.Clock, new ServiceSupervisionOptions { TimerSweepBatchSize = 1 });

        var result = await supervisor.ApplyDueTimersAsync();

        result.FlowsUpdated.Should().Be(3);
        (await CaughtUpAsync(host)).Should().Be(3);
    }

    [Fact]
    public async Task A_search_catches_up_one_batch_of_due_flows_before_it_reads()
    {
        var host = await ThreeStalledFlowsAsync();
        var supervisor = new ServiceSupervisor(host.Store, host.Clock, new ServiceSupervisionOptions { TimerSweepBatchSize = 1 });

        (await supervisor.SearchAsync(new FlowQuery(), TestHost.Manager)).IsSuccess.Should().BeTrue();

        (await CaughtUpAsync(host)).Should().Be(1);
    }
}
