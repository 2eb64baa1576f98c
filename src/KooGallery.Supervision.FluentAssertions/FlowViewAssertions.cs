using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace KooGallery.Supervision.FluentAssertions;

/// <summary>
/// Assertions on what an actor sees of a flow (<see cref="FlowView"/>; the view, R28): its stage, order status, whom
/// it waits on, the actions the viewer may take, the rejection counts, the stall and the freeze. A failure names the
/// order, its stage and whom it waits on.
/// </summary>
public sealed class FlowViewAssertions : ReferenceTypeAssertions<FlowView, FlowViewAssertions>
{
    /// <summary>Initializes the assertions.</summary>
    /// <param name="subject">The view.</param>
    public FlowViewAssertions(FlowView subject)
        : base(subject)
    {
    }

    /// <inheritdoc />
    protected override string Identifier => "view";

    /// <summary>Asserts that the flow is in <paramref name="stage"/>.</summary>
    /// <param name="stage">The expected stage.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> BeIn(Stage stage, string because = "", params object[] becauseArgs) =>
        Check(view => view.Stage == stage, $"to be in stage {stage}", because, becauseArgs);

    /// <summary>Asserts that the order has <paramref name="status"/> (the order status, R7).</summary>
    /// <param name="status">The expected status.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> HaveStatus(OrderStatus status, string because = "", params object[] becauseArgs) =>
        Check(view => view.Status == status, $"to have order status {status}", because, becauseArgs, view => $"its status is {view.Status}");

    /// <summary>Asserts that the flow waits on <paramref name="party"/> (waiting and the idle clock, R16).</summary>
    /// <param name="party">The expected party.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> BeWaitingOn(Party party, string because = "", params object[] becauseArgs) =>
        Check(view => view.WaitingOn == party, $"to be waiting on {party}", because, becauseArgs);

    /// <summary>Asserts that the viewer may take <paramref name="action"/> now.</summary>
    /// <param name="action">The action.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> Permit(SupervisionAction action, string because = "", params object[] becauseArgs) =>
        Check(view => view.PermittedActions.Contains(action), $"to permit {action} to the viewer", because, becauseArgs, Permitted);

    /// <summary>Asserts that the viewer may not take <paramref name="action"/> now.</summary>
    /// <param name="action">The action.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> NotPermit(SupervisionAction action, string because = "", params object[] becauseArgs) =>
        Check(view => !view.PermittedActions.Contains(action), $"not to permit {action} to the viewer", because, becauseArgs, Permitted);

    /// <summary>Asserts the request-rejection count (reviewing a request, R9).</summary>
    /// <param name="count">The expected count.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> HaveRequestRejections(int count, string because = "", params object[] becauseArgs) =>
        Check(view => view.RequestRejections == count, $"to have {count} request rejection(s)", because, becauseArgs, view => $"it has {view.RequestRejections}");

    /// <summary>Asserts the delivery-rejection count (the verdict on a delivery, R13).</summary>
    /// <param name="count">The expected count.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> HaveDeliveryRejections(int count, string because = "", params object[] becauseArgs) =>
        Check(view => view.DeliveryRejections == count, $"to have {count} delivery rejection(s)", because, becauseArgs, view => $"it has {view.DeliveryRejections}");

    /// <summary>Asserts that the waited-on party has stalled (stalls, R18).</summary>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> BeStalled(string because = "", params object[] becauseArgs) =>
        Check(view => view.IsStalled, "to be stalled", because, becauseArgs, Idle);

    /// <summary>Asserts that the waited-on party has not stalled (stalls, R18).</summary>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> NotBeStalled(string because = "", params object[] becauseArgs) =>
        Check(view => !view.IsStalled, "not to be stalled", because, becauseArgs, Idle);

    /// <summary>Asserts that an open appeal freezes the flow (the appeal freeze, R20).</summary>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> BeFrozen(string because = "", params object[] becauseArgs) =>
        Check(view => view.IsFrozen, "to be frozen by an open appeal", because, becauseArgs, _ => "no appeal is open");

    /// <summary>Asserts that no open appeal freezes the flow (the appeal freeze, R20).</summary>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<FlowViewAssertions> NotBeFrozen(string because = "", params object[] becauseArgs) =>
        Check(view => !view.IsFrozen, "not to be frozen", because, becauseArgs, view => $"an appeal opened by the {view.Appeal?.OpenedBy} is open");

    private static string Permitted(FlowView view) =>
        $"{view.Viewer} may {(view.PermittedActions.Count == 0 ? "do nothing now" : string.Join(", ", view.PermittedActions))}";

    private static string Idle(FlowView view) => $"the idle clock shows {view.IdleFor}";

    [CustomAssertion]
    private AndConstraint<FlowViewAssertions> Check(
        Func<FlowView, bool> holds,
        string expectation,
        string because,
        object[] becauseArgs,
        Func<FlowView, string>? detail = null)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is not null)
            .FailWith("Expected {context:view} {0}{reason}, but the view is null.", Literal.Of(expectation))
            .Then
            .ForCondition(Subject is null || holds(Subject))
            .FailWith("Expected {context:view} {0}{reason}, but it shows {1}{2}.",
                Literal.Of(expectation),
                Literal.Of(Subject is null ? string.Empty : FlowContext.Of(Subject)),
                Literal.Of(Subject is null || detail is null ? string.Empty : "; " + detail(Subject)));
        return new AndConstraint<FlowViewAssertions>(this);
    }
}
