using KooGallery.Supervision.Internal;
using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// Who may read and act on a flow (actors and access, R1): its own buyer and seller, and operations managers; the
/// System role belongs to the library's timers and is never a caller's. Checked before anything about the flow, or a
/// command id on it, is revealed or caught up.
/// </summary>
internal static class Authorizer
{
    /// <summary>Refuses a caller naming the System role, for any call.</summary>
    public static SupervisionError? RefuseSystem(Actor actor) =>
        actor.Role == ActorRole.System ? Errors.SystemRoleReserved() : null;

    /// <summary>Whether <paramref name="actor"/> may read the flow.</summary>
    public static bool MayRead(ServiceFlow flow, Actor actor) => actor.Role switch
    {
        ActorRole.Buyer => string.Equals(flow.BuyerId, actor.Id, StringComparison.Ordinal),
        ActorRole.Seller => string.Equals(flow.SellerId, actor.Id, StringComparison.Ordinal),
        ActorRole.OperationsManager => true,
        // Stryker disable once Boolean : the System role and undefined roles are refused before MayRead is asked
        _ => false,
    };

    /// <summary>Refuses a reader who is not a party of the flow.</summary>
    public static SupervisionError? AuthorizeRead(ServiceFlow flow, Actor viewer) =>
        MayRead(flow, viewer) ? null : Errors.NotAParty(viewer, flow);

    /// <summary>Refuses an actor who is not a party of the flow, or whose role does not own the command's action.</summary>
    public static SupervisionError? AuthorizeCommand(ServiceFlow flow, SupervisionCommand command)
    {
        var actor = command.Actor;
        if (!MayRead(flow, actor))
        {
            return Errors.NotAParty(actor, flow);
        }

        var trigger = command.Trigger;
        if (SupervisionMachine.RoleMayFire(trigger, actor.Role))
        {
            return null;
        }

        var rightful = SupervisionMachine.RoleOf(trigger) switch
        {
            ActorRole.Buyer => "the buyer",
            ActorRole.Seller => "the seller",
            ActorRole.OperationsManager => "an operations manager",
            // Stryker disable once String : no caller's command carries a timer trigger, so a wrong-role refusal never names the system
            ActorRole.System => "the system's timers",
            _ => "the buyer or the seller",
        };
        return Errors.WrongRole(actor, command.Action, flow, rightful);
    }
}
