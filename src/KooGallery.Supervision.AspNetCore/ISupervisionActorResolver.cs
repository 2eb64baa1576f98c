using Microsoft.AspNetCore.Http;

namespace KooGallery.Supervision.AspNetCore;

/// <summary>
/// Tells who calls an endpoint of <c>MapServiceSupervision</c>: the <see cref="Actor"/> (a buyer, a seller or an
/// operations manager, with the host's id) behind a request, taken from the authenticated user
/// (<see cref="HttpContext.User"/>), never from the request body. Register one of your own to replace the default
/// <see cref="ClaimsSupervisionActorResolver"/>.
/// </summary>
/// <remarks>Called once per request; implementations must be thread-safe (they are singletons).</remarks>
public interface ISupervisionActorResolver
{
    /// <summary>Resolves the actor behind a request.</summary>
    /// <param name="context">The request's context.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The actor, or null when the request has no identity the supervision knows (the endpoint answers 401).
    /// An actor in the <see cref="ActorRole.System"/> role is refused with 403: that role belongs to the library's timers.</returns>
    ValueTask<Actor?> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}
