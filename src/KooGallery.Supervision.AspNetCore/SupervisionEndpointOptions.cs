using System.Security.Claims;

namespace KooGallery.Supervision.AspNetCore;

/// <summary>The options of the endpoints <c>MapServiceSupervision</c> maps.</summary>
public sealed class SupervisionEndpointOptions
{
    /// <summary>Gets or sets the claim type whose values name the caller's supervision role (<c>Buyer</c>, <c>Seller</c>, <c>OperationsManager</c>).</summary>
    /// <value>The default value is <see cref="ClaimTypes.Role"/>.</value>
    public string RoleClaimType { get; set; } = ClaimTypes.Role;

    /// <summary>Gets or sets the claim type whose value is the caller's id (the buyer's, seller's or operations manager's id in the flows).</summary>
    /// <value>The default value is <see cref="ClaimTypes.NameIdentifier"/>.</value>
    public string IdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>
    /// Gets or sets who may create a flow through the endpoint: the paid order's data comes from the caller, so by
    /// default only an operations manager may (usually the host creates flows itself, from its payment handling, and
    /// does not expose creation at all). A caller refused here gets 403.
    /// </summary>
    /// <value>The default value allows operations managers only.</value>
    public Func<Actor, NewServiceFlow, bool> MayCreateFlow { get; set; } = static (actor, _) => actor.Role == ActorRole.OperationsManager;
}
