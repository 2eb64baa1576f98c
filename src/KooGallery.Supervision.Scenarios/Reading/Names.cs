using System.Text;

namespace KooGallery.Supervision.Scenarios.Reading;

/// <summary>
/// The names scenario files use for the library's enumerations: actions in kebab case
/// (<c>submit-request</c>), stages, statuses, codes and events as the library spells them (<c>InService</c>).
/// Reading accepts either spelling, in any case.
/// </summary>
internal static class Names
{
    /// <summary>Writes <c>SubmitRequest</c> as <c>submit-request</c>.</summary>
    public static string Kebab(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsAsciiLetterUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The kebab name of an enumeration value.</summary>
    public static string Kebab<T>(T value)
        where T : struct, Enum => Kebab(value.ToString());

    /// <summary>Reads a value of <typeparamref name="T"/> by name, in kebab or Pascal case; never by number.</summary>
    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        var wanted = Squash(text);
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Squash(candidate.ToString()), wanted, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The names of every value of <typeparamref name="T"/>, as written by <paramref name="spell"/>.</summary>
    public static string List<T>(Func<T, string> spell, IEnumerable<T>? only = null)
        where T : struct, Enum => string.Join(", ", (only ?? Enum.GetValues<T>()).Select(spell));

    private static string Squash(string text) => text.Replace("-", string.Empty, StringComparison.Ordinal)
        .Replace("_", string.Empty, StringComparison.Ordinal)
        .Replace(" ", string.Empty, StringComparison.Ordinal);
}
