namespace KooGallery.Supervision.Testing;

/// <summary>
/// One command sent through <see cref="SupervisionTestHost.ExecuteAsync"/>: the command, the library's result,
/// and the flow as it stood right after, so that a report can name the order, its stage and whom it waits on.
/// Immutable.
/// </summary>
public sealed class CommandAttempt
{
    /// <summary>Initializes an attempt.</summary>
    /// <param name="command">The command sent.</param>
    /// <param name="result">What the supervisor returned.</param>
    /// <param name="flowAfter">The flow right after the command; null when it could not be read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public CommandAttempt(SupervisionCommand command, SupervisionResult<CommandOutcome> result, ServiceFlow? flowAfter)
    {
        ArgumentNullException.ThrowIfNull(command);
        Command = command;
        Result = result;
        FlowAfter = flowAfter;
    }

    /// <summary>Gets the command sent.</summary>
    public SupervisionCommand Command { get; }

    /// <summary>Gets what the supervisor returned.</summary>
    public SupervisionResult<CommandOutcome> Result { get; }

    /// <summary>
    /// Gets the flow right after the command, read as an operations manager; null when it could not be read
    /// (no such flow, or an order number the library refuses).
    /// </summary>
    public ServiceFlow? FlowAfter { get; }

    /// <summary>Gets whether the command was accepted.</summary>
    public bool IsSuccess => Result.IsSuccess;

    /// <summary>Gets the refusal, or null when the command was accepted.</summary>
    public SupervisionError? Error => Result.Error;

    /// <summary>Gets the outcome of the accepted command.</summary>
    /// <exception cref="InvalidOperationException">The command was refused; the message is the library's.</exception>
    public CommandOutcome Outcome => Result.ValueOrThrow(Describe());

    /// <summary>Describes the attempt: the command, the actor and the order.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Result.IsSuccess
        ? $"{Describe()} was accepted: {Result.Value.StageBefore} -> {Result.Value.StageAfter}"
        : SupervisionResultExtensions.DescribeRefusal(Describe(), Result.Error);

    private string Describe() => $"{Command.Action} {Command.CommandId} by {Command.Actor} on order {Command.OrderNumber}";
}
