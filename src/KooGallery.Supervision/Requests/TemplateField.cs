namespace KooGallery.Supervision;

/// <summary>
/// One field of a product's request template (submitting a request, R8) or one acceptance criterion of its delivery
/// template (delivery with proof, R12).
/// </summary>
/// <param name="Name">
/// The field's name, as the buyer or seller sees it; unique within its template, at most
/// <see cref="MaxNameLength"/> characters, not starting with '$', and following the same text rules as ids.
/// </param>
/// <param name="Required">Whether an empty value is refused with a Validation error naming the field.</param>
public sealed record TemplateField(string Name, bool Required = true)
{
    /// <summary>The longest template field name accepted, in characters.</summary>
    public const int MaxNameLength = 200;
}
