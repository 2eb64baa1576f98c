using KooGallery.Supervision;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Start-up helpers for hosts of KooGallery.Supervision.</summary>
public static class ServiceSupervisionServiceProviderExtensions
{
    /// <summary>
    /// Creates or upgrades the registered store's schema when the store has one
    /// (<see cref="ISupervisionSchema"/>); does nothing for the in-memory store. The step is logged through the
    /// container's <see cref="ILoggerFactory"/>: the version reached (event id 400), or the failure (event id 401),
    /// which is then thrown.
    /// </summary>
    /// <param name="services">The service provider.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schema version, or null when the store has no schema.</returns>
    public static async ValueTask<int?> EnsureServiceSupervisionSchemaAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetRequiredService<IServiceFlowStore>() is not ISupervisionSchema schema)
        {
            return null;
        }

        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(SupervisionDiagnostics.LogCategory);
        var store = schema.GetType().Name;
        try
        {
            var version = await schema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            Log.SchemaEnsured(logger, store, version);
            return version;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is SupervisionStoreException storeFailure ? storeFailure.Reason : exception.GetType().Name;
            Log.SchemaFailed(logger, exception, store, reason);
            throw;
        }
    }
}
