using Microsoft.Extensions.DependencyInjection;

namespace KooGallery.Supervision;

/// <summary>
/// Returned by <c>AddServiceSupervision</c>; storage and hosting adapters extend it
/// (<c>.UseSqlite(...)</c>, <c>.UsePostgreSql(...)</c>).
/// </summary>
public interface IServiceSupervisionBuilder
{
    /// <summary>Gets the service collection the supervision services are registered in.</summary>
    IServiceCollection Services { get; }
}
