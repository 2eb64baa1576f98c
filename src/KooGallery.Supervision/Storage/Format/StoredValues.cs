using System.Collections.ObjectModel;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// The conversions the stored shapes share: references map item by item into arrays nobody else holds.
/// </summary>
internal static class StoredValues
{
    /// <summary>References as stored: null (left out) when there are none.</summary>
    public static StoredReference[]? References(IReadOnlyList<ProofReference> references) =>
        references.Count == 0 ? null : Map(references, static reference => new StoredReference(reference.Name, reference.Uri));

    public static IReadOnlyList<ProofReference> References(IReadOnlyList<StoredReference>? stored) =>
        stored is null ? [] : ReadOnly(Map(stored, static reference => new ProofReference(reference.Name, reference.Uri)));

    private static TOut[] Map<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, TOut> map)
    {
        if (items.Count == 0)
        {
            return []; // the one empty array: most flows have empty templates, and most records no references
        }

        var mapped = new TOut[items.Count];
        for (var i = 0; i < mapped.Length; i++)
        {
            mapped[i] = map(items[i]);
        }

        return mapped;
    }

    /// <summary>Wraps an array the mapping built and hands to nobody else, so a cast cannot change it.</summary>
    private static ReadOnlyCollection<T> ReadOnly<T>(T[] items) => items.Length == 0 ? ReadOnlyCollection<T>.Empty : Array.AsReadOnly(items);
}
