using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// The trigger a command fires for its action: the one trigger that stands for that action in the machine's own
/// table (<see cref="SupervisionMachine.ActionOf"/>), so that a command does not name it a second time. An action
/// with a trigger per case (deciding an appeal: one per outcome) has none here; its command chooses.
/// </summary>
internal static class CommandTriggers
{
    private static readonly Dictionary<SupervisionAction, Trigger> ByAction = Enum.GetValues<Trigger>()
        .GroupBy(SupervisionMachine.ActionOf)
        .Where(triggers => triggers.Count() == 1)
        .ToDictionary(triggers => triggers.Key, triggers => triggers.Single());

    /// <summary>The one trigger of <paramref name="action"/>.</summary>
    /// <exception cref="InvalidOperationException">The action has no single trigger: its command must choose one.</exception>
    public static Trigger Of(SupervisionAction action) => ByAction.TryGetValue(action, out var trigger)
        ? trigger
        : throw new InvalidOperationException($"The action {action} has no single trigger in the machine's table; its command must choose one.");
}
