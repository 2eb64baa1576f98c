namespace KooGallery.Supervision.AspNetCore;

/// <summary>The body of POST <c>flows/{orderNumber}/progress</c>: the seller posts a progress update (<see cref="PostProgressUpdate"/>).</summary>
/// <param name="Text">The update; required.</param>
public sealed record ProgressUpdateBody(string Text);
