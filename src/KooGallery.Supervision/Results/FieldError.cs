namespace KooGallery.Supervision;

/// <summary>One invalid input field of a Validation error.</summary>
/// <param name="Field">The field's name: a command property, or a template field or criterion name.</param>
/// <param name="Message">What is wrong and what to do.</param>
public sealed record FieldError(string Field, string Message);
