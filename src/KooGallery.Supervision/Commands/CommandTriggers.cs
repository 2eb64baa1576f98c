using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// The trigger a command fires for its action: the one trigger that stands for that action in the machine's own
/// table (<see cref="SupervisionMachine.ActionOf"/>), so that a command does not name it a second time. An action
/// with a trigger per case (deciding an appeal: one per outcome) has none here; its command chooses.
/// </summary>
internal static class CommandTriggers
{
    // Indexed by the action's value: read on every command.
    private static readonly Trigger?[] ByAction = Table();

    private static Trigger?[] Table()
    {
        var actions = Enum.GetValues<SupervisionAction>();
        var table = new Trigger?[(int)actions.Max() + 1];
        foreach (var action in actions)
        {
            var triggers = Array.FindAll(Enum.GetValues<Trigger>(), trigger => SupervisionMachine.ActionOf(trigger) == action);
            table[(int)action] = triggers is [var only] ? only : null;
        }

        return table;
    }

    /// <summary>The one trigger of <paramref name="action"/>.</summary>
    /// <exception cref="InvalidOperationException">The action has no single trigger: its command must choose one.</exception>
    public static Trigger Of(SupervisionAction action) => (uint)action < (uint)ByAction.Length && ByAction[(int)action] is { } trigger
        ? trigger
        : throw new InvalidOperationException($"The action {action} has no single trigger in the machine's table; its command must choose one.");
}
