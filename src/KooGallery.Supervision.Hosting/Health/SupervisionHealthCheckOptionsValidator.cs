using System.Globalization;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.Hosting;

/// <summary>Checks the health check thresholds when the host starts: positive, and Degraded no higher than Unhealthy.</summary>
internal sealed class SupervisionHealthCheckOptionsValidator : IValidateOptions<SupervisionHealthCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, SupervisionHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Levels(failures, options.SweepLagDegraded, options.SweepLagUnhealthy, nameof(options.SweepLagDegraded), nameof(options.SweepLagUnhealthy));
        Levels(failures, options.OldestPendingEventDegraded, options.OldestPendingEventUnhealthy, nameof(options.OldestPendingEventDegraded), nameof(options.OldestPendingEventUnhealthy));
        Levels(failures, options.PendingEventsDegraded, options.PendingEventsUnhealthy, nameof(options.PendingEventsDegraded), nameof(options.PendingEventsUnhealthy));
        Levels(failures, options.ParkedFlowsDegraded, options.ParkedFlowsUnhealthy, nameof(options.ParkedFlowsDegraded), nameof(options.ParkedFlowsUnhealthy));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Levels<T>(List<string> failures, T? degraded, T? unhealthy, string degradedName, string unhealthyName)
        where T : struct, IComparable<T>
    {
        if (degraded is { } d && d.CompareTo(default) <= 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"SupervisionHealthCheckOptions.{degradedName} must be positive or null; it was {d}."));
        }

        if (unhealthy is { } u && u.CompareTo(default) <= 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"SupervisionHealthCheckOptions.{unhealthyName} must be positive or null; it was {u}."));
        }

        if (degraded is { } low && unhealthy is { } high && low.CompareTo(high) > 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"SupervisionHealthCheckOptions.{degradedName} ({low}) must not be above {unhealthyName} ({high})."));
        }
    }
}
