using System;
using System.Threading;
using System.Threading.Tasks;
using KooGallery.Supervision;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Start-up helpers for hosts of KooGallery.Supervision.</summary>
public static class ServiceSupervisionServiceProviderExtensions
{
    /// <summary>
    /// Creates or upgrades the registered store's schema when the store has one
    /// (<see cref="ISupervisionSchema"/>); does nothing for the in-memory store.
    /// </summary>
    /// <param name="services">The service provider.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schema version, or null when the store has no schema.</returns>
    public static async ValueTask<int?> EnsureServiceSupervisionSchemaAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<IServiceFlowStore>() is ISupervisionSchema schema
            ? await schema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false)
            : null;
    }
}
