using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KooGallery.Supervision.Hosting;

/// <summary>
/// The supervision health check: the store can be read (reachable, its schema in place and current, read again at every
/// check), the sweep runs
/// and its lag is under its levels, and the outbox backlog and the parked flows are under theirs
/// (<see cref="SupervisionHealthCheckOptions"/>). The worst measure gives the status; the description names every
/// measure over a level, and the data carries every measure.
/// </summary>
internal sealed class SupervisionHealthCheck(ServiceSupervisor supervisor, ISupervisionSchema? schema, SupervisionHealthCheckOptions options, SupervisionHostedService? sweep) : IHealthCheck
{
    /// <summary>The name the check is registered under unless another is given.</summary>
    public const string DefaultName = "koogallery_supervision";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (sweep?.SchemaVersion is { } schemaVersion)
        {
            data["schema_version"] = schemaVersion;
        }

        SupervisionStatus status;
        try
        {
            status = await supervisor.GetStatusAsync(cancellationToken).ConfigureAwait(false);

            // Read every time, after the status (whose first read creates the schema where the store's options allow):
            // a schema that another deployment made newer after this one started is seen here.
            if (schema is not null && await schema.CheckSchemaAsync(cancellationToken).ConfigureAwait(false) is { } current)
            {
                data["schema_version"] = current;
            }
        }
        catch (SupervisionStoreException exception)
        {
            data["store_reason"] = exception.Reason;
            return new HealthCheckResult(failure, $"The supervision store cannot be used ({exception.Reason}): {exception.Message}", exception, data);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, "The supervision store cannot be read: " + exception.Message, exception, data);
        }

        data["sweep_lag_seconds"] = status.SweepLag.TotalSeconds;
        if (status.LastSweepAt is { } lastSweep)
        {
            data["last_sweep_at"] = lastSweep.ToString();
        }

        data["pending_events"] = status.PendingEvents;
        data["oldest_pending_event_seconds"] = status.OldestPendingEventAge?.TotalSeconds ?? 0;
        data["parked_flows"] = status.ParkedFlows;
        data["open_appeals"] = status.OpenAppeals;
        data["overdue_appeals"] = status.OverdueAppeals;

        var verdict = new Verdict(failure);
        if (options.CheckSweep)
        {
            if (sweep is { SweepExpected: true, IsSweeping: false })
            {
                verdict.Add(failure, "the background sweep is not running");
            }

            verdict.Longer("sweep lag", status.SweepLag.ToTimeSpan(), options.SweepLagDegraded, options.SweepLagUnhealthy);
        }

        verdict.Reaches("pending events", status.PendingEvents, options.PendingEventsDegraded, options.PendingEventsUnhealthy);
        if (status.OldestPendingEventAge is { } oldest)
        {
            verdict.Longer("oldest pending event", oldest.ToTimeSpan(), options.OldestPendingEventDegraded, options.OldestPendingEventUnhealthy);
        }

        verdict.Reaches("parked flows", status.ParkedFlows, options.ParkedFlowsDegraded, options.ParkedFlowsUnhealthy);
        return new HealthCheckResult(verdict.Status, verdict.Describe(status), null, data);
    }

    /// <summary>The worst level reached so far, and why.</summary>
    private sealed class Verdict(HealthStatus failure)
    {
        private readonly List<string> _reasons = [];

        public HealthStatus Status { get; private set; } = HealthStatus.Healthy;

        public void Add(HealthStatus status, string reason)
        {
            _reasons.Add(reason);
            if (status < Status)
            {
                Status = status; // Unhealthy < Degraded < Healthy
            }
        }

        public void Longer(string measure, TimeSpan value, TimeSpan? degraded, TimeSpan? unhealthy)
        {
            if (unhealthy is { } high && value > high)
            {
                Add(failure, string.Create(CultureInfo.InvariantCulture, $"{measure} {Round(value)} is over {high} (Unhealthy)"));
            }
            else if (degraded is { } low && value > low)
            {
                Add(Worse(HealthStatus.Degraded), string.Create(CultureInfo.InvariantCulture, $"{measure} {Round(value)} is over {low} (Degraded)"));
            }
        }

        public void Reaches(string measure, int value, int? degraded, int? unhealthy)
        {
            if (unhealthy is { } high && value >= high)
            {
                Add(failure, string.Create(CultureInfo.InvariantCulture, $"{value} {measure} reach {high} (Unhealthy)"));
            }
            else if (degraded is { } low && value >= low)
            {
                Add(Worse(HealthStatus.Degraded), string.Create(CultureInfo.InvariantCulture, $"{value} {measure} reach {low} (Degraded)"));
            }
        }

        public string Describe(SupervisionStatus status) => _reasons.Count == 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"The supervision store is readable; sweep lag {Round(status.SweepLag.ToTimeSpan())}, {status.PendingEvents} pending events, {status.ParkedFlows} parked flows.")
            : "Supervision: " + string.Join("; ", _reasons) + ".";

        /// <summary>A registration whose failure status is milder than Degraded keeps it.</summary>
        private HealthStatus Worse(HealthStatus level) => failure > level ? failure : level;

        private static TimeSpan Round(TimeSpan value) => TimeSpan.FromSeconds(Math.Round(value.TotalSeconds));
    }
}
