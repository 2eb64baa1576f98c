namespace KooGallery.Supervision.Internal;

/// <summary>
/// Orders texts by Unicode code point, the order of their UTF-8 bytes, in which the SQL stores compare order numbers
/// (SQLite's binary collation, PostgreSQL's "C"). .NET's ordinal comparison orders UTF-16 units instead, which puts a
/// character above U+FFFF (held as a surrogate pair) before one of U+E000 to U+FFFF: the in-memory store's pages and
/// cursors would then differ from a database's for the same flows.
/// </summary>
internal static class CodePointOrder
{
    public static int Compare(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return Rank(a[i]).CompareTo(Rank(b[i]));
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>A UTF-16 unit's place in code point order: surrogates (parts of characters above U+FFFF) after every other unit.</summary>
    private static int Rank(char c) => c >= '\uE000' ? c - 0x800 : c >= '\uD800' ? c + 0x2000 : c;
}
