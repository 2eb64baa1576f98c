using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>A <see cref="ProofReference"/> as stored in an appeal or a record (mapped by <see cref="StoredValues.References(System.Collections.Generic.IReadOnlyList{ProofReference})"/>).</summary>
internal sealed record StoredReference([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("uri")] string Uri);
