using System.Collections.ObjectModel;

namespace KooGallery.Supervision.Internal;

/// <summary>
/// Copies into collections that cannot be changed through a cast, for the parts of records, appeals
/// and flows that are never changed once accepted (operation records, R26).
/// </summary>
internal static class ReadOnly
{
    public static IReadOnlyDictionary<string, string> EmptyFields { get; } = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    public static IReadOnlyList<T> Copy<T>(IReadOnlyList<T> items) =>
        items.Count == 0 ? Array.Empty<T>() : Array.AsReadOnly(ToArray(items));

    public static IReadOnlyDictionary<string, string> Copy(IReadOnlyDictionary<string, string> fields) =>
        fields.Count == 0 ? EmptyFields : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(fields, StringComparer.Ordinal));

    /// <summary>Wraps a dictionary the library built itself and hands to nobody else.</summary>
    public static IReadOnlyDictionary<string, string> Wrap(Dictionary<string, string> fields) =>
        fields.Count == 0 ? EmptyFields : new ReadOnlyDictionary<string, string>(fields);

    private static T[] ToArray<T>(IReadOnlyList<T> items)
    {
        var array = new T[items.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = items[i];
        }

        return array;
    }

    /// <summary>The record field of a creation record that names the policy version (policy versions, R33).</summary>
    public const string PolicyVersionField = "$policyVersion";
}
