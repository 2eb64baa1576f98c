using KooGallery.Supervision.Hosting;
using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KooGallery.Supervision.Tests.Hosting;

/// <summary>
/// The hosted sweep as a BackgroundService on a PeriodicTimer driven by a FakeTimeProvider: one sweep per tick,
/// never two at once, a clean stop that loses nothing, and failures logged. No test sleeps: each waits for the
/// store to be reached, with a generous guard against a hang.
/// </summary>
public sealed class SupervisionSweepLoopTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly FakeClock _clock = new(TestHost.Start);
    private readonly GatedStore _store = new();
    private readonly LogProbe _logs = new();
    private readonly List<Exception> _reported = [];
    private readonly ServiceProvider _provider;

    public SupervisionSweepLoopTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IServiceFlowStore>(_store);
        services.AddSingleton(_logs.Factory);
        services.AddServiceSupervision().AddHostedSupervision(o =>
        {
            o.SweepInterval = Interval;
            o.SweepFailed = e => { lock (_reported) { _reported.Add(e); } };
        });
        _provider = services.BuildServiceProvider();
        Hosted = _provider.GetServices<IHostedService>().OfType<SupervisionHostedService>().Single();
    }

    private SupervisionHostedService Hosted { get; }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task ExecuteAsync_EachTick_RunsOneSweep()
    {
        await Hosted.StartAsync(CancellationToken.None);
        Hosted.SweepsCompleted.Should().Be(1, "the start-up catch-up is a sweep");
        Hosted.IsSweeping.Should().BeTrue();

        var reached = _store.NextSweep();
        _time.Advance(Interval);
        await reached.WaitAsync(Guard);
        await Hosted.StopAsync(CancellationToken.None);

        _store.SweepsStarted.Should().Be(2);
        _logs.WithId(504).Should().ContainSingle().Which.Message.Should().Be("The background timer sweep runs every 00:00:30.");
        _logs.WithId(505).Should().ContainSingle();
        Hosted.IsSweeping.Should().BeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_TicksWhileASweepRuns_NeverStartASecondSweepAtOnce()
    {
        await Hosted.StartAsync(CancellationToken.None);
        var gate = _store.Hold();
        var reached = _store.NextSweep();
        _time.Advance(Interval);
        await reached.WaitAsync(Guard);

        // Four more ticks fall while the sweep is held: they coalesce into one sweep after it.
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(Interval);
        }

        var next = _store.NextSweep();
        gate.SetResult();
        await next.WaitAsync(Guard);
        await Hosted.StopAsync(CancellationToken.None);

        Hosted.MostSweepsAtOnce.Should().Be(1);
        _store.SweepsStarted.Should().Be(3, "the start-up catch-up, the held sweep, and one more for the ticks that fell meanwhile");
        _logs.WithId(503).Should().ContainSingle("the held sweep took longer than the interval").Which.Level.Should().Be(LogLevel.Warning);
    }

    [Fact]
    public async Task StopAsync_DuringASweep_AbandonsItBetweenFlowsAndLosesNothing()
    {
        var seed = _provider.GetRequiredService<ServiceSupervisor>();
        await seed.CreateFlowAsync(TestHost.Order(kind: ProductKind.License));
        await seed.ExecuteAsync(new Deliver("d", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        await seed.ExecuteAsync(new AcceptDelivery("a", "ORD-1", TestHost.Buyer));
        await Hosted.StartAsync(CancellationToken.None);
        _clock.Advance(Duration.FromHours(4)); // the completion is due now
        _store.Hold();
        var reached = _store.NextSweep();
        _time.Advance(Interval);
        await reached.WaitAsync(Guard);

        await Hosted.StopAsync(CancellationToken.None);

        _logs.WithId(506).Should().ContainSingle("the sweep in progress was abandoned");
        Hosted.IsSweeping.Should().BeFalse();
        (await _store.LoadAsync("ORD-1", CancellationToken.None))!.Stage.Should().Be(Stage.Accepted, "nothing was half done");
        _store.Release();
        var next = await seed.ApplyDueTimersAsync();
        next.FlowsUpdated.Should().Be(1, "the next sweep (or start) takes what the stopped one did not reach");
        (await _store.LoadAsync("ORD-1", CancellationToken.None))!.Stage.Should().Be(Stage.Completed);
    }

    [Fact]
    public async Task ExecuteAsync_SweepFails_LogsAnErrorTellsTheCallbackAndGoesOn()
    {
        await Hosted.StartAsync(CancellationToken.None);
        _store.FailNext = true;
        var failed = _store.NextSweep();
        _time.Advance(Interval);
        await failed.WaitAsync(Guard);
        var next = _store.NextSweep();
        _time.Advance(Interval);
        await next.WaitAsync(Guard);
        await Hosted.StopAsync(CancellationToken.None);

        var logged = _logs.WithId(502).Should().ContainSingle().Subject;
        logged.Level.Should().Be(LogLevel.Error);
        logged.Category.Should().Be(SupervisionDiagnostics.HostingLogCategory);
        logged.Exception.Should().BeOfType<SupervisionStoreException>();
        lock (_reported)
        {
            _reported.Should().ContainSingle().Which.Should().BeSameAs(logged.Exception);
        }

        _store.SweepsStarted.Should().Be(3, "the loop went on after the failure");
    }

    [Fact]
    public async Task StartAsync_CatchUpFails_TheHostStartsAndTheFailureIsLogged()
    {
        _store.FailNext = true;

        await Hosted.StartAsync(CancellationToken.None);
        await Hosted.StopAsync(CancellationToken.None);

        _logs.WithId(501).Should().ContainSingle().Which.Exception.Should().BeOfType<SupervisionStoreException>();
        Hosted.SweepsCompleted.Should().Be(0);
    }

    /// <summary>
    /// An in-memory store whose sweeps (FindDueAsync) can be awaited, held at a gate, or failed once. Every sweep
    /// reads the due flows exactly once here: the test flows never fill a batch.
    /// </summary>
    private sealed class GatedStore() : DelegatingStore(new InMemoryServiceFlowStore())
    {
        private readonly object _lock = new();
        private TaskCompletionSource? _reached;
        private TaskCompletionSource _gate = Open();
        private int _sweeps;

        public int SweepsStarted => Volatile.Read(ref _sweeps);

        public bool FailNext { get; set; }

        /// <summary>Completes when the next sweep reaches the store.</summary>
        public Task NextSweep()
        {
            lock (_lock)
            {
                _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _reached.Task;
            }
        }

        /// <summary>Holds the next sweeps at the store until the returned gate is opened (or their token is cancelled).</summary>
        public TaskCompletionSource Hold()
        {
            lock (_lock)
            {
                _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _gate;
            }
        }

        public void Release()
        {
            lock (_lock)
            {
                _gate.TrySetResult();
            }
        }

        public override async ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken)
        {
            TaskCompletionSource? reached;
            Task gate;
            bool fail;
            lock (_lock)
            {
                Interlocked.Increment(ref _sweeps);
                reached = _reached;
                _reached = null;
                gate = _gate.Task;
                fail = FailNext;
                FailNext = false;
            }

            if (fail)
            {
                reached?.TrySetResult();
                throw new SupervisionStoreException("ConnectionFailed", "The database cannot be reached.", null);
            }

            reached?.TrySetResult();
            await gate.WaitAsync(cancellationToken);
            return await base.FindDueAsync(now, maxCount, cancellationToken);
        }

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }
    }
}
