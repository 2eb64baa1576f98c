using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace KooGallery.Supervision.FluentAssertions;

/// <summary>
/// Assertions on the refusal a <see cref="SupervisionResultAssertions{T}.BeRefusedWith"/> found: its finer reason
/// and its message. A failure names the order, its stage and whom it waits on, and quotes the library's refusal.
/// </summary>
public sealed class SupervisionRefusalAssertions : ReferenceTypeAssertions<SupervisionError?, SupervisionRefusalAssertions>
{
    private readonly string _context;

    internal SupervisionRefusalAssertions(SupervisionError? subject, string context)
        : base(subject)
    {
        _context = context;
    }

    /// <summary>Gets the refusal, for further assertions on its details; null when the call was not refused.</summary>
    public SupervisionError? Which => Subject;

    /// <summary>Gets these assertions, to chain another one.</summary>
    public SupervisionRefusalAssertions And => this;

    /// <inheritdoc />
    protected override string Identifier => "refusal";

    /// <summary>Asserts that the refusal has the finer reason <paramref name="reason"/> (a <see cref="SupervisionErrorReason"/> constant).</summary>
    /// <param name="reason">The expected reason, for example <see cref="SupervisionErrorReason.AppealOpen"/>.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>These assertions.</returns>
    [CustomAssertion]
    public SupervisionRefusalAssertions WithReason(string reason, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is not null)
            .FailWith("Expected the refusal to have reason {0}{reason}, but the call on {1} was not refused.", Literal.Of(reason), Literal.Of(_context))
            .Then
            .ForCondition(Subject is null || string.Equals(Subject.Reason, reason, StringComparison.Ordinal))
            .FailWith("Expected the refusal to have reason {0}{reason}, but it was refused on {1} with {2}",
                Literal.Of(reason), Literal.Of(_context), Literal.Of(Subject is null ? string.Empty : FlowContext.Refusal(Subject)));
        return this;
    }

    /// <summary>Asserts that the library's refusal message contains <paramref name="text"/> (ordinal comparison).</summary>
    /// <param name="text">The expected part of the message.</param>
    /// <param name="because">A phrase that says why the assertion is needed; placeholders as in <see cref="string.Format(string, object[])"/>.</param>
    /// <param name="becauseArgs">The values of the placeholders in <paramref name="because"/>.</param>
    /// <returns>These assertions.</returns>
    [CustomAssertion]
    public SupervisionRefusalAssertions WithMessageContaining(string text, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is not null)
            .FailWith("Expected the refusal message to contain {0}{reason}, but the call on {1} was not refused.", text, Literal.Of(_context))
            .Then
            .ForCondition(Subject is null || Subject.Message.Contains(text, StringComparison.Ordinal))
            .FailWith("Expected the refusal message to contain {0}{reason}, but it was refused on {1} with {2}",
                text, Literal.Of(_context), Literal.Of(Subject is null ? string.Empty : FlowContext.Refusal(Subject)));
        return this;
    }
}
