using System.Diagnostics.CodeAnalysis;
using KooGallery.Supervision;
using KooGallery.Supervision.AspNetCore;
using KooGallery.Supervision.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the supervision's HTTP API, in the shape of <c>MapIdentityApi</c> and <c>MapHealthChecks</c>.</summary>
public static class SupervisionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the supervision's endpoints under <paramref name="prefix"/>: POST <c>flows</c> (create), GET <c>flows</c>
    /// (search), GET <c>flows/{orderNumber}</c> (the caller's view, with an <c>ETag</c> of the flow version), GET
    /// <c>flows/{orderNumber}/actions</c>, GET <c>flows/{orderNumber}/records</c>, and one POST per command:
    /// <c>request</c>, <c>request/accept</c>, <c>request/return</c>, <c>progress</c>, <c>delivery</c>,
    /// <c>delivery/accept</c>, <c>delivery/reject</c>, <c>reminders</c>, <c>appeal</c>, <c>appeal/decision</c>.
    /// </summary>
    /// <remarks>
    /// <para>The caller is the <see cref="Actor"/> the registered <see cref="ISupervisionActorResolver"/> finds in
    /// <see cref="HttpContext.User"/>; none gives 401. Every refusal is a problem details document
    /// (<see cref="SupervisionProblemDetails"/>). A command's <c>Idempotency-Key</c> header is its command id (a retry
    /// with the same key replays the first outcome; without the header a new id is generated, so a retry acts again);
    /// its <c>If-Match</c> header, an <c>ETag</c> of a view, makes it act only on that version (412 otherwise). JSON
    /// follows <see cref="SupervisionJson"/>'s contract; the host's own JSON options are left alone.</para>
    /// <para>The endpoints carry names, summaries and response types for OpenAPI documents, and the tag
    /// <c>Supervision</c>. Add conventions to the returned builder, for example <c>.RequireAuthorization()</c>.</para>
    /// </remarks>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">The route prefix, for example <c>"/supervision"</c>.</param>
    /// <returns>A builder for conventions on every endpoint mapped.</returns>
    /// <exception cref="InvalidOperationException"><c>AddServiceSupervisionEndpoints</c> was not called.</exception>
    public static IEndpointConventionBuilder MapServiceSupervision(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (endpoints.ServiceProvider.GetService<SupervisionEndpointsMarker>() is null)
        {
            throw new InvalidOperationException(
                "MapServiceSupervision needs services.AddServiceSupervisionEndpoints() (and services.AddServiceSupervision()) in the application's services.");
        }

        var group = endpoints.MapGroup(prefix).WithTags("Supervision");
        SupervisionEndpoints.Map(group);
        return group;
    }
}
