using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// An action on a service flow. Every command carries a command id chosen by the caller (command ids, R30): a
/// retry with the same id returns the first outcome and has no second effect, and the same id
/// reused for a different command is refused with a Conflict. Ids are unique per store.
/// </summary>
/// <param name="CommandId">The caller's id for this command, for example a GUID or a request id.</param>
/// <param name="OrderNumber">The order number of the flow.</param>
/// <param name="Actor">Who acts (actors and access, R1).</param>
public abstract record SupervisionCommand(string CommandId, string OrderNumber, Actor Actor)
{
    /// <summary>
    /// Gets the flow version the caller acts on (a <see cref="FlowView.Version"/> it read), or null to act on whatever
    /// version the flow has. When set and the flow has another version, or a timer fell due since (a stall, the
    /// completion: applied and kept as the next version, completion R15), the command is refused with a
    /// <see cref="SupervisionErrorCode.Conflict"/> of reason <see cref="SupervisionErrorReason.StaleVersion"/> and
    /// changes nothing. The check is made on the version the command is saved against, so a concurrent change cannot
    /// slip in between. A retry of an accepted command id replays its outcome whatever this says.
    /// </summary>
    /// <value>The default value is null: no check.</value>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets the action this command takes.</summary>
    public abstract SupervisionAction Action { get; }

    /// <summary>
    /// Gets the trigger the command fires: the one that stands for its <see cref="Action"/> in the machine's table. A
    /// command whose action has a trigger per case chooses it instead.
    /// </summary>
    internal virtual Trigger Trigger => CommandTriggers.Of(Action);

    /// <summary>
    /// Gets the text that is the whole input of a command that takes nothing else (a note, a reason, an update),
    /// from which <see cref="Validate"/>, <see cref="TakeInput"/> and <see cref="Describe"/> are made. A command
    /// with more input gives null here and overrides those three.
    /// </summary>
    /// <remarks>
    /// Abstract and internal, so that every command says what its input is, and no command can be declared
    /// outside the library: a command from elsewhere would bypass the validation of its input.
    /// </remarks>
    internal abstract CommandText? OnlyText { get; }

    internal virtual void Validate(CommandValidation validation) => OnlyText?.Validate(validation);

    internal virtual void Describe(CommandContent content) => content.Text = OnlyText?.Value;

    /// <summary>
    /// Takes the command's input once at the boundary: a copy of the command whose collections are the
    /// library's own, with sizes beyond the policy reported to <paramref name="input"/>. A command whose only input
    /// is a text needs no copy.
    /// </summary>
    internal virtual SupervisionCommand TakeInput(CommandInput input)
    {
        OnlyText?.Take(input);
        return this;
    }
}
