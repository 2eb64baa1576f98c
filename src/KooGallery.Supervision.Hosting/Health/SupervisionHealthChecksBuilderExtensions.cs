using KooGallery.Supervision;
using KooGallery.Supervision.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the health check of KooGallery.Supervision.</summary>
public static class SupervisionHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the supervision health check: the store can be read (reachable, schema in place and current), the
    /// background sweep runs and its lag is under its levels, and the outbox backlog and the parked flows are under
    /// theirs. Levels and their defaults are on <see cref="SupervisionHealthCheckOptions"/>; they are checked when the
    /// host starts. <c>AddServiceSupervision</c> must be called too. Added again under the same name, the check stays one:
    /// it keeps the tags of every call, the last failure status given and every configuration of its levels.
    /// </summary>
    /// <param name="builder">The health checks builder from <c>services.AddHealthChecks()</c>.</param>
    /// <param name="name">The check's name; the default is "koogallery_supervision".</param>
    /// <param name="failureStatus">What an Unhealthy level reports; null for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter the check by, for example "ready"; optional.</param>
    /// <param name="configure">Configures the levels of this check; optional.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddServiceSupervision(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        Action<SupervisionHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        name ??= SupervisionHealthCheck.DefaultName;
        var options = builder.Services.AddOptions<SupervisionHealthCheckOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SupervisionHealthCheckOptions>, SupervisionHealthCheckOptionsValidator>());
        var checkName = name;
        builder.Services.Configure<HealthCheckServiceOptions>(health =>
        {
            // Added again under the same name (AddHealthChecks called twice): one check stands, with the tags of both
            // and the later failure status when one was given, as its levels' configurations add up; a check of
            // another kind under the name is left for the health checks service to refuse as a duplicate.
            var earlier = health.Registrations.FirstOrDefault(r => r.Factory.Target is CheckFactory && string.Equals(r.Name, checkName, StringComparison.Ordinal));
            if (earlier is not null)
            {
                health.Registrations.Remove(earlier);
            }

            var allTags = earlier is null ? tags : earlier.Tags.Union(tags ?? []);
            health.Registrations.Add(new HealthCheckRegistration(checkName, new CheckFactory(checkName).Create, failureStatus ?? earlier?.FailureStatus, allTags));
        });
        return builder;
    }

    /// <summary>Builds the supervision check of one registration; its type marks the registrations this package added.</summary>
    private sealed class CheckFactory(string name)
    {
        public SupervisionHealthCheck Create(IServiceProvider provider) => new(
            provider.GetRequiredService<ServiceSupervisor>(),
            provider.GetService<IServiceFlowStore>() as ISupervisionSchema,
            provider.GetRequiredService<IOptionsMonitor<SupervisionHealthCheckOptions>>().Get(name),
            provider.GetService<SupervisionHostedService>());
    }

    /// <summary>
    /// Adds the health checks service and the supervision health check under its default name: the same as
    /// <c>services.AddHealthChecks().AddServiceSupervision(configure: configure)</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddServiceSupervision</c>.</param>
    /// <param name="configure">Configures the levels; optional.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder AddHealthChecks(this IServiceSupervisionBuilder builder, Action<SupervisionHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddServiceSupervision(configure: configure);
        return builder;
    }
}
