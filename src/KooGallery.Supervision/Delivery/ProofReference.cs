namespace KooGallery.Supervision;

/// <summary>
/// A reference to a proof document (delivery with proof, R12; appeal content, R23): the library stores references, never files.
/// </summary>
/// <param name="Name">A human-readable name, for example "Statement of work v2".</param>
/// <param name="Uri">Where the host keeps the document; an absolute URI.</param>
public sealed record ProofReference(string Name, string Uri);
