using System.Collections.ObjectModel;
using System.Globalization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// The checks and conversions the stored shapes share: an enum value must be named, an amount is invariant
/// text, and references map item by item into arrays nobody else holds.
/// </summary>
internal static class StoredValues
{
    public static TEnum Defined<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new FormatException($"{value} is not a {typeof(TEnum).Name}.");

    public static string FormatAmount(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    public static decimal ParseAmount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

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
