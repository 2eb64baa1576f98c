using System.Collections.Generic;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>A <see cref="TemplateField"/> as stored in a flow's templates.</summary>
internal sealed record StoredTemplateField(string Name, bool Required)
{
    public static StoredTemplateField[] From(IReadOnlyList<TemplateField> template)
    {
        var stored = new StoredTemplateField[template.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = new StoredTemplateField(template[i].Name, template[i].Required);
        }

        return stored;
    }

    public static IReadOnlyList<TemplateField> ToTemplate(IReadOnlyList<StoredTemplateField> stored)
    {
        var template = new TemplateField[stored.Count];
        for (var i = 0; i < template.Length; i++)
        {
            template[i] = new TemplateField(stored[i].Name, stored[i].Required);
        }

        return Internal.ReadOnly.Copy(template);
    }
}
