using KooGallery.Supervision.Testing;

namespace KooGallery.Supervision.FluentAssertions;

/// <summary>
/// The entry points of the assertions: <c>Should()</c> on results, command attempts, views and events. Add
/// <c>using KooGallery.Supervision.FluentAssertions;</c> beside <c>using FluentAssertions;</c>.
/// </summary>
public static class SupervisionAssertionExtensions
{
    /// <summary>Starts assertions on the result of a supervisor call.</summary>
    /// <typeparam name="T">The type of the result's value.</typeparam>
    /// <param name="result">The result.</param>
    /// <returns>The assertions.</returns>
    public static SupervisionResultAssertions<T> Should<T>(this SupervisionResult<T> result) => new(result);

    /// <summary>
    /// Starts assertions on the result of a command sent through <see cref="SupervisionTestHost.ExecuteAsync"/>;
    /// a failure names the order, its stage and whom it waits on from the flow as it stood after the command.
    /// </summary>
    /// <param name="attempt">The attempt.</param>
    /// <returns>The assertions on its result.</returns>
    public static SupervisionResultAssertions<CommandOutcome> Should(this CommandAttempt attempt)
    {
        System.ArgumentNullException.ThrowIfNull(attempt);
        var where = attempt.FlowAfter is { } flow
            ? FlowContext.Of(flow)
            : FlowContext.Of(attempt.Command.OrderNumber, attempt.Error?.Stage, waitingOn: null);
        return new SupervisionResultAssertions<CommandOutcome>(attempt.Result) { KnownContext = $"{where} ({FlowContext.Of(attempt)})" };
    }

    /// <summary>Starts assertions on a view of a flow.</summary>
    /// <param name="view">The view.</param>
    /// <returns>The assertions.</returns>
    public static FlowViewAssertions Should(this FlowView view) => new(view);

    /// <summary>Starts assertions on events, for example <see cref="SupervisionTestHost.Events"/>.</summary>
    /// <param name="events">The events.</param>
    /// <returns>The assertions, with every collection assertion of FluentAssertions too.</returns>
    public static SupervisionEventsAssertions Should(this IEnumerable<SupervisionEvent> events) => new(events);
}
