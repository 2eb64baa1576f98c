using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KooGallery.Supervision.Testing;

/// <summary>
/// The checks of the conformance cases: each one names what it checks and throws a <see cref="StoreConformanceException"/>
/// saying what was expected and what was found, so that the cases need no test framework.
/// </summary>
internal static class Check
{
    private const int ShownItems = 20;

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw Failed(what, Show(expected), Show(actual));
        }
    }

    public static void SequenceEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what)
    {
        var wanted = expected.ToList();
        var found = actual.ToList();
        if (!wanted.SequenceEqual(found))
        {
            throw Failed(what, ShowAll(wanted), ShowAll(found));
        }
    }

    public static void True([DoesNotReturnIf(false)] bool condition, string what)
    {
        if (!condition)
        {
            throw new StoreConformanceException(what + ": expected it to hold, it does not.");
        }
    }

    public static void Null<T>(T? value, string what)
        where T : class
    {
        if (value is not null)
        {
            throw Failed(what, "null", Show(value));
        }
    }

    public static T NotNull<T>([NotNull] T? value, string what)
        where T : class =>
        value ?? throw Failed(what, "a value", "null");

    public static T HasValue<T>(T? value, string what)
        where T : struct =>
        value ?? throw Failed(what, "a value", "null");

    public static void Empty<T>(IEnumerable<T> items, string what)
    {
        var found = items.ToList();
        if (found.Count != 0)
        {
            throw Failed(what, "none", ShowAll(found));
        }
    }

    public static void None<T>(IEnumerable<T> items, Func<T, bool> predicate, string what)
    {
        var found = items.Where(predicate).ToList();
        if (found.Count != 0)
        {
            throw Failed(what, "none", ShowAll(found));
        }
    }

    /// <summary>Returns the value of a call that must succeed, or fails naming the step and the refusal.</summary>
    public static T Succeeded<T>(SupervisionResult<T> result, string step) =>
        result.IsSuccess ? result.Value : throw new StoreConformanceException($"{step}: expected it to succeed, it was refused: {result.Error!.Message}");

    private static StoreConformanceException Failed(string what, string expected, string found) =>
        new($"{what}: expected {expected}, found {found}.");

    private static string ShowAll<T>(IReadOnlyCollection<T> items) => items.Count switch
    {
        0 => "none",
        <= ShownItems => $"[{string.Join(", ", items.Select(i => Show(i)))}]",
        _ => $"[{string.Join(", ", items.Take(ShownItems).Select(i => Show(i)))}, ...] ({items.Count} in all)",
    };

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
