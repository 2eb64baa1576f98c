using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using KooGallery.Supervision;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers KooGallery.Supervision in a service collection.</summary>
public static class ServiceSupervisionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="ServiceSupervisor"/> as a singleton, with the in-memory store unless a
    /// store is registered, and NodaTime's <see cref="SystemClock"/> as <see cref="IClock"/> unless the
    /// host registered its own clock. Calling it again is harmless: registrations use TryAdd, and a
    /// second <paramref name="configure"/> is applied to the same options. The options are
    /// <c>IOptions&lt;ServiceSupervisionOptions&gt;</c>, checked by <see cref="ServiceSupervisionOptions.Validate"/>
    /// when the host starts (<c>ValidateOnStart</c>): an option out of range or a bad policy fails the start with an
    /// <see cref="OptionsValidationException"/> naming the field, not the first call. The supervisor logs through the
    /// container's <see cref="ILoggerFactory"/> and creates its meter with its <see cref="IMeterFactory"/>, when
    /// they are registered (a host registers both).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures policies and limits; optional. It runs once, when the options are first needed.</param>
    /// <returns>A builder that storage and hosting adapters extend.</returns>
    public static IServiceSupervisionBuilder AddServiceSupervision(this IServiceCollection services, Action<ServiceSupervisionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ServiceSupervisionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceSupervisionOptions>, ServiceSupervisionOptionsValidator>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<ServiceSupervisionOptions>>().Value);
#pragma warning disable RS0030 // The one place that names the system clock: the default registration.
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton<IServiceFlowStore, InMemoryServiceFlowStore>();
        services.TryAddSingleton(provider => new ServiceSupervisor(
            provider.GetRequiredService<IServiceFlowStore>(),
            provider.GetRequiredService<IClock>(),
            provider.GetRequiredService<ServiceSupervisionOptions>(),
            provider.GetServices<ISupervisionEventHandler>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>()));
        return new ServiceSupervisionBuilder(services);
    }

    /// <summary>Keeps flows in process memory (the default; for tests and samples).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder UseInMemoryStore(this IServiceSupervisionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IServiceFlowStore, InMemoryServiceFlowStore>());
        return builder;
    }

    /// <summary>Registers an event handler; every registered handler receives every event.</summary>
    /// <typeparam name="THandler">The handler type, created once as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder AddEventHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceSupervisionBuilder builder)
        where THandler : class, ISupervisionEventHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISupervisionEventHandler, THandler>());
        return builder;
    }
}
