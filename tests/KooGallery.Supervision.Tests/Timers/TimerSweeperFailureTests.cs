using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace KooGallery.Supervision.Tests.Timers;

/// <summary>
/// What a sweep does when a flow cannot be caught up or parked, when its caller cancels it, and how far it reads:
/// a failing flow is parked and the sweep goes on; a cancellation stops the sweep where it is and is no failure of a
/// flow; a flow is caught up once per sweep, at the sweep's instant; a short batch is the last one read.
/// </summary>
public class TimerSweeperFailureTests
{
    private sealed class Sweep : IDisposable
    {
        public Sweep(ServiceSupervisionOptions? options = null)
        {
            Options = options ?? new ServiceSupervisionOptions();
            Options.TimerFailed = (order, exception) =>
            {
                lock (Failures)
                {
                    Failures.Add((order, exception));
                }

                ThrowFromCallback?.Invoke();
            };
            Supervisor = new ServiceSupervisor(Store, Clock, Options);
        }

        public FakeClock Clock { get; } = new(TestHost.Start);

        public HookedStore Store { get; } = new();

        public ServiceSupervisionOptions Options { get; }

        public ServiceSupervisor Supervisor { get; }

        public List<(string Order, Exception Exception)> Failures { get; } = [];

        public Action? ThrowFromCallback { get; set; }

        public CancellationTokenSource Caller { get; } = new();

        /// <summary>Creates three flows that wait on their buyers and moves the clock past their stall timers.</summary>
        public async Task ThreeStalledFlowsAsync()
        {
            foreach (var order in new[] { "ORD-1", "ORD-2", "ORD-3" })
            {
                (await Supervisor.CreateFlowAsync(TestHost.Order(order))).GetValueOrThrow();
            }

            Clock.Advance(Duration.FromDays(6));
        }

        public async Task<int> CaughtUpAsync()
        {
            var caughtUp = 0;
            foreach (var order in new[] { "ORD-1", "ORD-2", "ORD-3" })
            {
                caughtUp += (await Store.LoadAsync(order, CancellationToken.None))!.Version > 1 ? 1 : 0;
            }

            return caughtUp;
        }

        public void Dispose()
        {
            Supervisor.Dispose();
            Caller.Dispose();
        }
    }

    [Fact]
    public async Task A_flow_whose_store_call_times_out_on_its_own_is_parked_counted_and_reported_and_the_sweep_goes_on()
    {
        using var sweep = new Sweep();
        using var parkings = new MetricCollector<long>(sweep.Supervisor.Telemetry.Meter, "koogallery.supervision.flow.parkings");
        await sweep.ThreeStalledFlowsAsync();
        var timeout = new TaskCanceledException("The store's command timed out.");
        sweep.Store.BeforeLoad = order => { if (order == "ORD-2") throw timeout; };

        var result = await sweep.Supervisor.ApplyDueTimersAsync(sweep.Caller.Token);

        result.FlowsUpdated.Should().Be(2);
        sweep.Failures.Should().Equal([("ORD-2", (Exception)timeout)]);
        sweep.Store.ParkCalls.Should().Be(1);
        parkings.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(1, "one flow was parked");
        (await sweep.Supervisor.GetStatusAsync()).ParkedFlows.Should().Be(1);
    }

    [Fact]
    public async Task A_sweep_cancelled_while_catching_up_a_flow_stops_with_OperationCanceledException_and_parks_nothing()
    {
        using var sweep = new Sweep();
        await sweep.ThreeStalledFlowsAsync();
        var loadsBefore = sweep.Store.Loads;
        sweep.Store.BeforeLoad = _ =>
        {
            sweep.Caller.Cancel();
            sweep.Caller.Token.ThrowIfCancellationRequested();
        };

        var act = async () => await sweep.Supervisor.ApplyDueTimersAsync(sweep.Caller.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        sweep.Store.ParkCalls.Should().Be(0, "a cancelled sweep is no failure of the flow it was at");
        sweep.Failures.Should().BeEmpty();
        (sweep.Store.Loads - loadsBefore).Should().Be(1, "the sweep stops at the flow it was at");
    }

    [Fact]
    public async Task A_flow_the_store_did_not_park_is_reported_but_not_counted_as_parked()
    {
        using var sweep = new Sweep();
        using var parkings = new MetricCollector<long>(sweep.Supervisor.Telemetry.Meter, "koogallery.supervision.flow.parkings");
        await sweep.ThreeStalledFlowsAsync();
        sweep.Store.BeforeLoad = order => { if (order == "ORD-2") throw new InvalidOperationException("Damaged row."); };
        sweep.Store.Park = _ => 0; // the row was gone, or no longer due, when the store came to park it

        var result = await sweep.Supervisor.ApplyDueTimersAsync();

        result.FlowsUpdated.Should().Be(2);
        sweep.Failures.Should().ContainSingle().Which.Order.Should().Be("ORD-2");
        parkings.GetMeasurementSnapshot().Should().BeEmpty("no row was parked");
        (await sweep.Supervisor.GetStatusAsync()).ParkedFlows.Should().Be(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_store_failing_to_park_a_flow_leaves_it_where_it_is_reports_it_and_the_sweep_goes_on(bool timesOut)
    {
        using var sweep = new Sweep();
        await sweep.ThreeStalledFlowsAsync();
        var damaged = new InvalidOperationException("Damaged row.");
        sweep.Store.BeforeLoad = order => { if (order == "ORD-2") throw damaged; };
        sweep.Store.Park = _ => throw (timesOut ? new TaskCanceledException("The store's command timed out.") : new InvalidOperationException("Store down."));

        var result = await sweep.Supervisor.ApplyDueTimersAsync(sweep.Caller.Token);

        result.FlowsUpdated.Should().Be(2);
        sweep.Failures.Should().Equal([("ORD-2", (Exception)damaged)]);
        (await sweep.Supervisor.GetStatusAsync()).ParkedFlows.Should().Be(0);
    }

    [Fact]
    public async Task A_sweep_cancelled_while_parking_a_flow_stops_with_OperationCanceledException_and_reports_nothing()
    {
        using var sweep = new Sweep();
        await sweep.ThreeStalledFlowsAsync();
        sweep.Store.BeforeLoad = _ => throw new InvalidOperationException("Damaged row.");
        sweep.Store.Park = _ =>
        {
            sweep.Caller.Cancel();
            sweep.Caller.Token.ThrowIfCancellationRequested();
            return 1;
        };

        var act = async () => await sweep.Supervisor.ApplyDueTimersAsync(sweep.Caller.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        sweep.Failures.Should().BeEmpty("the sweep was cancelled before it came to report the flow");
        sweep.Store.ParkCalls.Should().Be(1);
    }

    [Fact]
    public async Task A_failing_TimerFailed_callback_does_not_stop_the_sweep()
    {
        using var sweep = new Sweep();
        await sweep.ThreeStalledFlowsAsync();
        sweep.Store.BeforeLoad = order => { if (order == "ORD-1") throw new InvalidOperationException("Damaged row."); };
        sweep.ThrowFromCallback = () => throw new InvalidOperationException("The callback's own bug.");

        var result = await sweep.Supervisor.ApplyDueTimersAsync();

        result.FlowsUpdated.Should().Be(2);
        sweep.Failures.Should().ContainSingle();
    }

    [Fact]
    public async Task A_sweep_cancelled_after_a_batch_reads_no_further_batch()
    {
        using var sweep = new Sweep(new ServiceSupervisionOptions { TimerSweepBatchSize = 1 });
        await sweep.ThreeStalledFlowsAsync();
        sweep.Store.AfterSave = _ => sweep.Caller.Cancel();

        var act = async () => await sweep.Supervisor.ApplyDueTimersAsync(sweep.Caller.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        sweep.Store.FindDueCalls.Should().Be(1);
        (await sweep.CaughtUpAsync()).Should().Be(1, "the flow of the first batch was caught up and saved before the cancellation");
    }

    [Fact]
    public async Task A_flow_listed_again_in_the_same_sweep_is_caught_up_once_and_a_batch_of_only_such_flows_ends_the_sweep()
    {
        using var sweep = new Sweep(new ServiceSupervisionOptions { TimerSweepBatchSize = 1 });
        (await sweep.Supervisor.CreateFlowAsync(TestHost.Order())).GetValueOrThrow();
        sweep.Store.Due = () => ["ORD-1"]; // a store that lists the flow again and again (it is not due)
        var loadsBefore = sweep.Store.Loads;

        var result = await sweep.Supervisor.ApplyDueTimersAsync();

        result.FlowsUpdated.Should().Be(0, "the flow is not due: nothing was caught up");
        (sweep.Store.Loads - loadsBefore).Should().Be(1, "the flow is read once per sweep");
        sweep.Store.FindDueCalls.Should().Be(2, "the second batch held no flow not already processed, so the sweep stopped");
        (await sweep.Store.LoadAsync("ORD-1", CancellationToken.None))!.Version.Should().Be(1);
    }

    [Fact]
    public async Task A_batch_shorter_than_the_batch_size_is_the_last_one_the_sweep_reads()
    {
        using var sweep = new Sweep();
        await sweep.ThreeStalledFlowsAsync();

        var result = await sweep.Supervisor.ApplyDueTimersAsync();

        result.FlowsUpdated.Should().Be(3);
        sweep.Store.FindDueCalls.Should().Be(1, "three due flows fit in one batch of 200: no flow is left to find");
    }

    [Fact]
    public async Task A_due_flow_that_keeps_changing_under_the_sweep_is_not_counted_as_updated_nor_parked()
    {
        using var sweep = new Sweep(new ServiceSupervisionOptions { ConflictBackoff = TimeSpan.Zero, MaxCommandAttempts = 2 });
        (await sweep.Supervisor.CreateFlowAsync(TestHost.Order())).GetValueOrThrow();
        sweep.Clock.Advance(Duration.FromDays(6));
        sweep.Store.AlwaysLoseRaces = true;
        var loadsBefore = sweep.Store.Loads;

        var result = await sweep.Supervisor.ApplyDueTimersAsync();

        result.FlowsUpdated.Should().Be(0);
        (sweep.Store.Loads - loadsBefore).Should().Be(2, "the catch-up was tried MaxCommandAttempts times");
        sweep.Failures.Should().BeEmpty("a lost race is no failure of the flow");
    }

    [Fact]
    public async Task A_sweep_catches_a_flow_up_as_of_the_sweeps_instant_though_the_clock_moves_on_meanwhile()
    {
        using var sweep = new Sweep();
        (await sweep.Supervisor.CreateFlowAsync(TestHost.Order())).GetValueOrThrow();
        var due = (await sweep.Store.LoadAsync("ORD-1", CancellationToken.None))!.NextTimerDueAt!.Value;
        sweep.Clock.Reset(due - Duration.FromMinutes(1));
        var listings = 0;
        sweep.Store.Due = () => listings++ == 0 ? ["ORD-1"] : []; // listed once, a minute early
        sweep.Store.BeforeLoad = _ => sweep.Clock.Advance(Duration.FromMinutes(10)); // a slow store: time passes

        var result = await sweep.Supervisor.ApplyDueTimersAsync();

        result.FlowsUpdated.Should().Be(0, "at the sweep's instant the flow's timer is not yet due");
        result.AsOf.Should().Be(due - Duration.FromMinutes(1));
        (await sweep.Store.LoadAsync("ORD-1", CancellationToken.None))!.Version.Should().Be(1);
    }

    [Fact]
    public async Task A_parked_flow_saved_again_is_no_longer_counted_as_parked()
    {
        using var sweep = new Sweep();
        (await sweep.Supervisor.CreateFlowAsync(TestHost.Order())).GetValueOrThrow();
        sweep.Clock.Advance(Duration.FromDays(6));
        sweep.Store.BeforeLoad = _ => throw new InvalidOperationException("Store briefly down.");
        await sweep.Supervisor.ApplyDueTimersAsync();
        var parked = (await sweep.Supervisor.GetStatusAsync()).ParkedFlows;
        sweep.Store.BeforeLoad = null;

        (await sweep.Supervisor.ExecuteAsync(new SubmitRequest("s-1", "ORD-1", TestHost.Buyer, "Please migrate."))).GetValueOrThrow();

        parked.Should().Be(1);
        (await sweep.Supervisor.GetStatusAsync()).ParkedFlows.Should().Be(0, "a saved change ends the parking of its flow");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_status_read_that_fails_after_a_sweep_is_logged_and_the_sweep_still_succeeds(bool timesOut)
    {
        var store = new HookedStore();
        using var host = new TelemetryHost(store: store);
        using var pending = new MetricCollector<long>(host.Meter, "koogallery.supervision.outbox.pending"); // the gauges are observed
        store.BeforePendingRead = at =>
        {
            if (at == Instant.MaxValue)
            {
                throw timesOut ? new TaskCanceledException("The store's command timed out.") : new InvalidOperationException("Store down.");
            }
        };

        var result = await host.Supervisor.ApplyDueTimersAsync();

        result.AsOf.Should().Be(TestHost.Start);
        host.Logs.WithId(203).Should().ContainSingle("the failed status read is logged (StatusFailed)");
    }

    [Fact]
    public async Task A_sweep_cancelled_while_reading_the_status_stops_with_OperationCanceledException()
    {
        var store = new HookedStore();
        using var host = new TelemetryHost(store: store);
        using var pending = new MetricCollector<long>(host.Meter, "koogallery.supervision.outbox.pending");
        using var caller = new CancellationTokenSource();
        store.BeforePendingRead = at =>
        {
            if (at == Instant.MaxValue)
            {
                caller.Cancel();
                caller.Token.ThrowIfCancellationRequested();
            }
        };

        var act = async () => await host.Supervisor.ApplyDueTimersAsync(caller.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        host.Logs.WithId(203).Should().BeEmpty();
    }
}
