using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace KooGallery.Supervision.FluentAssertions;

/// <summary>
/// Assertions on a <see cref="SupervisionResult{T}"/>: that the call succeeded, or that it was refused with a given
/// code (refusals, R27). A failure names the order, its stage and whom it waits on as far as the result tells them (a
/// <see cref="Testing.CommandAttempt"/> tells them all), and quotes the library's own refusal.
/// </summary>
/// <typeparam name="T">The type of the result's value.</typeparam>
public sealed class SupervisionResultAssertions<T> : ReferenceTypeAssertions<SupervisionResult<T>, SupervisionResultAssertions<T>>
{
    /// <summary>Initializes the assertions; a failure describes the flow from the result alone.</summary>
    /// <param name="subject">The result.</param>
    public SupervisionResultAssertions(SupervisionResult<T> subject)
        : base(subject)
    {
    }

    /// <summary>Gets how a failure describes the call and its flow when the caller knows more than the result tells; null to describe the flow from the result alone.</summary>
    internal string? KnownContext { get; init; }

    /// <inheritdoc />
    protected override string Identifier => "result";

    private string Context => KnownContext ?? FlowContext.Of(Subject, flowAfter: null);

    /// <summary>Asserts that the call succeeded.</summary>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>The constraint, whose <c>Which</c> is the result's value.</returns>
    [CustomAssertion]
    public AndWhichConstraint<SupervisionResultAssertions<T>, T> Succeed(string because = "", params object[] becauseArgs)
    {
        var succeeded = Subject.IsSuccess;
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(succeeded)
            .FailWith("Expected {context:result} to succeed{reason}, but it was refused on {0} with {1}",
                Literal.Of(Context), Literal.Of(succeeded ? string.Empty : FlowContext.Refusal(Subject.Error!)));
        return new AndWhichConstraint<SupervisionResultAssertions<T>, T>(this, succeeded ? Subject.Value : default!);
    }

    /// <summary>Asserts that the call was refused with <paramref name="code"/>.</summary>
    /// <param name="code">The expected code.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>Assertions on the refusal, for <see cref="SupervisionRefusalAssertions.WithReason"/> and the like.</returns>
    [CustomAssertion]
    public SupervisionRefusalAssertions BeRefusedWith(SupervisionErrorCode code, string because = "", params object[] becauseArgs)
    {
        var error = Subject.IsSuccess ? null : Subject.Error;
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(error is not null)
            .FailWith("Expected {context:result} to be refused with {0}{reason}, but it succeeded on {1}.", Literal.Of(code.ToString()), Literal.Of(Context))
            .Then
            .ForCondition(error is null || error.Code == code)
            .FailWith("Expected {context:result} to be refused with {0}{reason}, but it was refused on {1} with {2}",
                Literal.Of(code.ToString()), Literal.Of(Context), Literal.Of(error is null ? string.Empty : FlowContext.Refusal(error)));
        return new SupervisionRefusalAssertions(error, Context);
    }
}
