namespace KooGallery.Supervision.AspNetCore;

/// <summary>The body of POST <c>flows/{orderNumber}/request</c>: the buyer submits the request (<see cref="SubmitRequest"/>).</summary>
/// <param name="Text">The request text; required.</param>
/// <param name="Fields">Values for the request template's fields, by field name.</param>
public sealed record SubmitRequestBody(string Text, IReadOnlyDictionary<string, string>? Fields = null);
