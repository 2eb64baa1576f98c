namespace KooGallery.Supervision.FluentAssertions;

/// <summary>Text that a failure message shows as it is, without the quotes FluentAssertions puts around strings.</summary>
internal sealed class Literal
{
    private readonly string _text;

    private Literal(string text) => _text = text;

    /// <summary>Wraps <paramref name="text"/>.</summary>
    public static Literal Of(string text) => new(text);

    /// <inheritdoc />
    public override string ToString() => _text;
}
