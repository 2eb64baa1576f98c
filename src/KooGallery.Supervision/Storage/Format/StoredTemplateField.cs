using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>A <see cref="TemplateField"/> as stored in a flow's templates (mapped by <see cref="StoredValues.Template(System.Collections.Generic.IReadOnlyList{TemplateField})"/>).</summary>
internal sealed record StoredTemplateField([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("required")] bool Required);
