using KooGallery.Supervision;
using KooGallery.Supervision.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hosted start-up and background timer sweep of KooGallery.Supervision.</summary>
public static class SupervisionHostingServiceSupervisionBuilderExtensions
{
    /// <summary>
    /// Adds a hosted service that, when the host starts, creates or upgrades the store's schema, hands
    /// out pending events and applies due timers, then sweeps timers every
    /// <see cref="SupervisionHostingOptions.SweepInterval"/> on the registered <see cref="TimeProvider"/>
    /// (<see cref="TimeProvider.System"/> unless one is registered). Calling it again only adds its configuration.
    /// The options are <c>IOptions&lt;SupervisionHostingOptions&gt;</c>, checked when the host starts: an interval
    /// out of range fails the start with an <see cref="OptionsValidationException"/> naming it.
    /// </summary>
    /// <param name="builder">The builder from <c>AddServiceSupervision</c>.</param>
    /// <param name="configure">Configures the start-up and the sweep; optional.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder AddHostedSupervision(this IServiceSupervisionBuilder builder, Action<SupervisionHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SupervisionHostingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SupervisionHostingOptions>, SupervisionHostingOptionsValidator>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<SupervisionHostingOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new SupervisionHostedService(
            provider,
            provider.GetRequiredService<ServiceSupervisor>(),
            provider.GetRequiredService<IOptions<SupervisionHostingOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SupervisionHostedService>(provider => provider.GetRequiredService<SupervisionHostedService>()));
        return builder;
    }
}
