using FluentAssertions;
using FluentAssertions.Collections;
using FluentAssertions.Execution;

namespace KooGallery.Supervision.FluentAssertions;

/// <summary>
/// Assertions on the events a supervisor raised (for example <see cref="Testing.SupervisionTestHost.Events"/>): every
/// collection assertion of FluentAssertions, plus assertions by <see cref="SupervisionEventKind"/>. A failure lists
/// the events found, each with its order and stage.
/// </summary>
public sealed class SupervisionEventsAssertions : GenericCollectionAssertions<IEnumerable<SupervisionEvent>, SupervisionEvent, SupervisionEventsAssertions>
{
    /// <summary>Initializes the assertions.</summary>
    /// <param name="subject">The events.</param>
    public SupervisionEventsAssertions(IEnumerable<SupervisionEvent> subject)
        : base(subject)
    {
    }

    /// <inheritdoc />
    protected override string Identifier => "events";

    /// <summary>Gets the order the events were narrowed to by <see cref="ForOrder"/>, or null.</summary>
    private string? OrderNumber { get; init; }

    /// <summary>Narrows the assertions that follow to the events of one flow.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <returns>Assertions on the events of that flow.</returns>
    public SupervisionEventsAssertions ForOrder(string orderNumber) =>
        new((Subject ?? []).Where(e => string.Equals(e.OrderNumber, orderNumber, StringComparison.Ordinal)).ToArray()) { OrderNumber = orderNumber };

    /// <summary>Asserts that exactly one event is of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, whose <c>Which</c> is the event.</returns>
    [CustomAssertion]
    public AndWhichConstraint<SupervisionEventsAssertions, SupervisionEvent> ContainSingleOfKind(SupervisionEventKind kind, string because = "", params object[] becauseArgs)
    {
        var matching = (Subject ?? []).Where(e => e.Kind == kind).ToArray();
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(matching.Length == 1)
            .FailWith("Expected {context:events} to contain a single {0} event{1}{reason}, but found {2}: {3}.",
                Literal.Of(kind.ToString()), Literal.Of(ForWhom()), Literal.Of(matching.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), Literal.Of(List()));
        return new AndWhichConstraint<SupervisionEventsAssertions, SupervisionEvent>(this, matching.Length == 1 ? matching[0] : null!);
    }

    /// <summary>Asserts that no event is of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, to chain another assertion with <c>And</c>.</returns>
    [CustomAssertion]
    public AndConstraint<SupervisionEventsAssertions> NotContainOfKind(SupervisionEventKind kind, string because = "", params object[] becauseArgs)
    {
        var count = (Subject ?? []).Count(e => e.Kind == kind);
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(count == 0)
            .FailWith("Expected {context:events} to contain no {0} event{1}{reason}, but found {2}: {3}.",
                Literal.Of(kind.ToString()), Literal.Of(ForWhom()), Literal.Of(count.ToString(System.Globalization.CultureInfo.InvariantCulture)), Literal.Of(List()));
        return new AndConstraint<SupervisionEventsAssertions>(this);
    }

    private string ForWhom() => OrderNumber is null ? string.Empty : " for order " + OrderNumber;

    private string List()
    {
        var events = (Subject ?? []).ToArray();
        return events.Length == 0
            ? "no event at all"
            : "the events are " + string.Join(", ", events.Select(e => $"{e.Kind} on order {e.OrderNumber} (stage {e.Stage})"));
    }
}
