using KooGallery.Supervision;
using KooGallery.Supervision.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store of KooGallery.Supervision.</summary>
public static class SqliteServiceSupervisionBuilderExtensions
{
    /// <summary>
    /// Keeps flows in the SQLite database the connection string names, replacing any other store.
    /// Call <c>EnsureServiceSupervisionSchemaAsync</c> on the service provider at start-up to create or
    /// upgrade its schema (or set <see cref="SqliteStoreOptions.EnsureSchemaOnFirstUse"/>).
    /// </summary>
    /// <param name="builder">The builder from <c>AddServiceSupervision</c>.</param>
    /// <param name="connectionString">The connection string, for example <c>Data Source=supervision.db</c>.</param>
    /// <param name="configure">Further options; optional.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder UseSqlite(this IServiceSupervisionBuilder builder, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new SqliteStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        builder.Services.Replace(ServiceDescriptor.Singleton<IServiceFlowStore>(_ => new SqliteServiceFlowStore(options)));
        return builder;
    }
}
