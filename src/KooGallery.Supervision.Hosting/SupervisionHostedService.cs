using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KooGallery.Supervision.Hosting;

/// <summary>
/// Runs at host start-up: creates or upgrades the store's schema (when asked), hands out events left
/// pending by an earlier process, applies the timers already due, and then sweeps timers in the
/// background until the host stops.
/// </summary>
internal sealed class SupervisionHostedService : IHostedService, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly ServiceSupervisor _supervisor;
    private readonly SupervisionHostingOptions _options;
    private readonly TimeProvider _time;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public SupervisionHostedService(IServiceProvider services, ServiceSupervisor supervisor, SupervisionHostingOptions options, TimeProvider time)
    {
        _services = services;
        _supervisor = supervisor;
        _options = options;
        _time = time;
    }

    /// <summary>Gets how many background sweeps have completed; for tests and diagnostics.</summary>
    public int SweepsCompleted { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.EnsureSchemaOnStart)
        {
            await _services.EnsureServiceSupervisionSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!_options.RunTimerSweep)
        {
            return;
        }

        // Catch up at once: events a crashed process left pending and timers that fell due while it was down.
        // A failure here (the database briefly unreachable) does not stop the host: the loop tries again.
        try
        {
            await _supervisor.ApplyDueTimersAsync(cancellationToken).ConfigureAwait(false);
            SweepsCompleted++;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Report(exception);
        }

        _stopping = new CancellationTokenSource();
        _loop = SweepAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the sweep in progress was cancelled between flows; nothing is half saved.
        }
    }

    public void Dispose() => _stopping?.Dispose();

    private async Task SweepAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(_options.SweepInterval, _time, stopping).ConfigureAwait(false);
            try
            {
                await _supervisor.ApplyDueTimersAsync(stopping).ConfigureAwait(false);
                SweepsCompleted++;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                // A failed sweep (database briefly unreachable, a store timeout) is tried again at the next
                // interval; the flows it did not reach are caught up then, or by their next read or command.
                Report(exception);
            }
        }
    }

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
