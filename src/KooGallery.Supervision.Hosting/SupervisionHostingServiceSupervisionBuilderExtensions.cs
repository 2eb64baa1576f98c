using System;
using KooGallery.Supervision;
using KooGallery.Supervision.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hosted start-up and background timer sweep of KooGallery.Supervision.</summary>
public static class SupervisionHostingServiceSupervisionBuilderExtensions
{
    /// <summary>
    /// Adds a hosted service that, when the host starts, creates or upgrades the store's schema, hands
    /// out pending events and applies due timers, then sweeps timers every
    /// <see cref="SupervisionHostingOptions.SweepInterval"/>. Calling it again only reconfigures it.
    /// </summary>
    /// <param name="builder">The builder from <c>AddServiceSupervision</c>.</param>
    /// <param name="configure">Configures the start-up and the sweep; optional.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder AddHostedSupervision(this IServiceSupervisionBuilder builder, Action<SupervisionHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        SupervisionHostingOptions? options = null;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(SupervisionHostingOptions) && descriptor.ImplementationInstance is SupervisionHostingOptions existing)
            {
                options = existing;
            }
        }

        if (options is null)
        {
            options = new SupervisionHostingOptions();
            services.AddSingleton(options);
        }

        configure?.Invoke(options);
        if (options.SweepInterval < TimeSpan.FromMilliseconds(10) || options.SweepInterval > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.SweepInterval, "The sweep interval must be between 10 milliseconds and 1 day.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SupervisionHostedService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SupervisionHostedService>(provider => provider.GetRequiredService<SupervisionHostedService>()));
        return builder;
    }
}
