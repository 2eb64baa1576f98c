using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.Hosting;

/// <summary>
/// Runs at host start-up: creates or upgrades the store's schema (when asked), hands out events left pending by an
/// earlier process and applies the timers already due; then sweeps timers in the background on a
/// <see cref="PeriodicTimer"/> driven by the registered <see cref="TimeProvider"/>, until the host stops.
/// </summary>
/// <remarks>
/// Sweeps never overlap: the timer's ticks are awaited one after the other, and a tick that falls while a sweep
/// runs is taken once when it ends. At shutdown the sweep in progress is cancelled between flows: every flow is
/// saved whole or not at all, events already handled are marked, and what was not reached stays due or pending for
/// the next start. Failures are logged (category <see cref="SupervisionDiagnostics.HostingLogCategory"/>) and told to
/// <see cref="SupervisionHostingOptions.SweepFailed"/>; the loop goes on.
/// </remarks>
internal sealed class SupervisionHostedService : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly ServiceSupervisor _supervisor;
    private readonly SupervisionHostingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _sweepsCompleted;
    private int _sweeping;
    private int _mostAtOnce;
    private PeriodicTimer? _timer;

    public SupervisionHostedService(IServiceProvider services, ServiceSupervisor supervisor, IOptions<SupervisionHostingOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _services = services;
        _supervisor = supervisor;
        _options = options.Value;
        _time = time;
        _logger = loggerFactory.CreateLogger(SupervisionDiagnostics.HostingLogCategory);
    }

    /// <summary>Gets how many sweeps (the start-up catch-up included) have completed; for tests and diagnostics.</summary>
    public int SweepsCompleted => Volatile.Read(ref _sweepsCompleted);

    /// <summary>Gets the most sweeps that ever ran at once: 1 once one ran, never more.</summary>
    public int MostSweepsAtOnce => Volatile.Read(ref _mostAtOnce);

    /// <summary>Gets the schema version the start-up step reached, or null when it did not run or the store has none.</summary>
    public int? SchemaVersion { get; private set; }

    /// <summary>Gets whether the background sweep loop is running: started, and neither stopped nor failed.</summary>
    public bool IsSweeping => ExecuteTask is { IsCompleted: false };

    /// <summary>Gets whether the options ask for a background sweep.</summary>
    public bool SweepExpected => _options.RunTimerSweep;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.EnsureSchemaOnStart)
        {
            // A store that cannot be used fails the start: the step logs why (event id 401) and throws.
            SchemaVersion = await _services.EnsureServiceSupervisionSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!_options.RunTimerSweep)
        {
            return;
        }

        // Catch up at once: events a crashed process left pending and timers that fell due while it was down.
        // A failure here (the database briefly unreachable) does not stop the host: the loop tries again.
        try
        {
            var caughtUp = await SweepOnceAsync(cancellationToken).ConfigureAwait(false);
            HostingLog.StartupCatchUpCompleted(_logger, caughtUp.FlowsUpdated, caughtUp.EventsDispatched);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            HostingLog.StartupCatchUpFailed(_logger, exception, _options.SweepInterval);
            Report(exception);
        }

        // Created here, not in the loop: the first tick is one interval after the start, however soon the loop runs.
        _timer = new PeriodicTimer(_options.SweepInterval, _time);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _options.SweepInterval;
        var timer = _timer ?? throw new InvalidOperationException("The sweep loop runs only after the start-up step.");
        HostingLog.SweepStarted(_logger, interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var startedAt = _time.GetTimestamp();
                try
                {
                    await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    HostingLog.SweepAbandoned(_logger);
                    throw;
                }
                catch (Exception exception)
                {
                    // A failed sweep (database briefly unreachable, a store timeout) is tried again at the next tick;
                    // the flows it did not reach are caught up then, or by their next read or command.
                    HostingLog.SweepFailed(_logger, exception, interval);
                    Report(exception);
                }

                var elapsed = _time.GetElapsedTime(startedAt);
                if (elapsed > interval)
                {
                    HostingLog.SweepSlow(_logger, elapsed, interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing is half saved.
        }

        HostingLog.SweepStopped(_logger, SweepsCompleted);
    }

    private async Task<TimerSweepResult> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _sweeping);
        try
        {
            if (running > Volatile.Read(ref _mostAtOnce))
            {
                Volatile.Write(ref _mostAtOnce, running);
            }

            var result = await _supervisor.ApplyDueTimersAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _sweepsCompleted);
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _sweeping);
        }
    }

    /// <summary>Tells the optional callback, a thin hook beside the log.</summary>
    private void Report(Exception exception)
    {
        try
        {
            _options.SweepFailed?.Invoke(exception);
        }
        catch (Exception callbackFailure) when (callbackFailure is not OutOfMemoryException)
        {
            // A failing callback must not end the sweep loop.
        }
    }
}
