using KooGallery.Supervision;
using KooGallery.Supervision.AspNetCore;
using KooGallery.Supervision.AspNetCore.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the endpoints of <c>MapServiceSupervision</c> need.</summary>
public static class SupervisionEndpointsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the endpoints' options and the default <see cref="ISupervisionActorResolver"/>, the
    /// <see cref="ClaimsSupervisionActorResolver"/>, unless a resolver is registered (before or after this call: the
    /// registration uses TryAdd). Register the supervisor itself with <c>AddServiceSupervision()</c>. Calling it again
    /// is harmless; a second <paramref name="configure"/> is applied to the same options.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the claim types and who may create flows; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddServiceSupervisionEndpoints(this IServiceCollection services, Action<SupervisionEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SupervisionEndpointOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<ISupervisionActorResolver, ClaimsSupervisionActorResolver>();
        services.TryAddSingleton<SupervisionEndpointsMarker>();
        return services;
    }

    /// <summary>
    /// Registers the endpoints' options and the default actor resolver (<see cref="AddServiceSupervisionEndpoints(IServiceCollection, Action{SupervisionEndpointOptions})"/>)
    /// from the supervision's builder: <c>services.AddServiceSupervision().UseSqlite(...).AddEndpoints()</c>.
    /// </summary>
    /// <param name="builder">The supervision's builder.</param>
    /// <param name="configure">Configures the claim types and who may create flows; optional.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IServiceSupervisionBuilder AddEndpoints(this IServiceSupervisionBuilder builder, Action<SupervisionEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddServiceSupervisionEndpoints(configure);
        return builder;
    }
}
