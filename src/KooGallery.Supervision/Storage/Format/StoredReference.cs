using System.Collections.Generic;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>A <see cref="ProofReference"/> as stored in an appeal or a record; a list of none is left out.</summary>
internal sealed record StoredReference(string Name, string Uri)
{
    /// <summary>The stored list, or null (left out) when there are no references.</summary>
    public static StoredReference[]? From(IReadOnlyList<ProofReference> references)
    {
        if (references.Count == 0)
        {
            return null;
        }

        var stored = new StoredReference[references.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = new StoredReference(references[i].Name, references[i].Uri);
        }

        return stored;
    }

    public static IReadOnlyList<ProofReference> ToReferences(IReadOnlyList<StoredReference>? stored)
    {
        if (stored is null || stored.Count == 0)
        {
            return [];
        }

        var references = new ProofReference[stored.Count];
        for (var i = 0; i < references.Length; i++)
        {
            references[i] = new ProofReference(stored[i].Name, stored[i].Uri);
        }

        return Internal.ReadOnly.Copy(references);
    }
}
