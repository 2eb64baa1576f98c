using KooGallery.Supervision;
using KooGallery.Supervision.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store of KooGallery.Supervision.</summary>
public static class PostgreSqlServiceSupervisionBuilderExtensions
{
    /// <summary>
    /// Keeps flows in the PostgreSQL database the connection string names, replacing any other store.
    /// Call <c>EnsureServiceSupervisionSchemaAsync</c> on the service provider at start-up.
    /// </summary>
    /// <param name="builder">The builder from <c>AddServiceSupervision</c>.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder UsePostgreSql(this IServiceSupervisionBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSql(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Keeps flows in PostgreSQL through a data source the host built and owns (pooling, logging,
    /// authentication as the host configured them), replacing any other store.
    /// </summary>
    /// <param name="builder">The builder from <c>AddServiceSupervision</c>.</param>
    /// <param name="dataSource">The data source.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder UsePostgreSql(this IServiceSupervisionBuilder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return builder.UsePostgreSql(options => options.DataSource = dataSource);
    }

    /// <summary>
    /// Keeps flows in PostgreSQL as the options say (connection string or data source, schema, timer
    /// claim), replacing any other store.
    /// </summary>
    /// <param name="builder">The builder from <c>AddServiceSupervision</c>.</param>
    /// <param name="configure">Sets the options; a connection string or a data source is required.</param>
    /// <returns>The builder.</returns>
    public static IServiceSupervisionBuilder UsePostgreSql(this IServiceSupervisionBuilder builder, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgreSqlStoreOptions();
        configure(options);
        builder.Services.Replace(ServiceDescriptor.Singleton<IServiceFlowStore>(_ => new PostgreSqlServiceFlowStore(options)));
        return builder;
    }
}
