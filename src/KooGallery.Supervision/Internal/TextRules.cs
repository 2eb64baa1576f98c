using System.Globalization;

namespace KooGallery.Supervision.Internal;

/// <summary>
/// What every stored text must be, so that a store keeps it exactly and the other party reads what was written.
/// </summary>
/// <remarks>
/// <para>All text: valid UTF-16, with no unpaired surrogate (no store keeps one exactly: they come back as
/// U+FFFD, and a retry with the same data would then differ), and no control character (PostgreSQL refuses
/// NUL; the others only hide content), but for line breaks and tabs in free text.</para>
/// <para>Ids (order numbers, actor, product and command ids, template field names, policy versions; and search
/// values: search, R29): no Unicode format character (category Cf: zero-width space, non-joiner and joiner, word joiner,
/// byte order mark, soft hyphen, direction marks, embeddings, overrides and isolates, tag characters), and no line
/// or paragraph separator (U+2028, U+2029). They are invisible, so two ids that look the same would differ.</para>
/// <para>Free text (requests, reasons, notes, decisions, reference names and URIs, template values): no
/// bidirectional embedding, override or isolate control (U+202A to U+202E, U+2066 to U+2069): they can make text
/// shown to the other party read differently from what is stored (for example an amount or a link read backwards).
/// Other format characters stay allowed: the zero-width joiner and non-joiner build emoji sequences and shape
/// Arabic and Indic scripts, the direction marks (U+200E, U+200F, U+061C) only place neutral characters in
/// right-to-left text, and tag characters build subdivision flags.</para>
/// </remarks>
internal static class TextRules
{
    /// <summary>
    /// The number of characters of a text as its length limits count them: Unicode scalar values, so a character outside
    /// the basic plane (an emoji), which .NET holds as two UTF-16 units, counts once. A sequence that joins several
    /// characters into one picture (a family emoji) counts each of them.
    /// </summary>
    public static int Characters(string text)
    {
        // A pair counts once; a surrogate alone (which the text rules refuse anyway) counts as one.
        var count = text.Length;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    /// <summary>Whether a text has more characters than <paramref name="limit"/> (<see cref="Characters"/>), without counting a short one.</summary>
    public static bool IsLongerThan(string text, int limit) => text.Length > limit && Characters(text) > limit;

    /// <summary>Says what is wrong with the text, or null when nothing is.</summary>
    /// <param name="text">The text.</param>
    /// <param name="freeText">True for free text; false for ids.</param>
    /// <returns>The problem, phrased to follow the field's name ("contains ..."), or null.</returns>
    public static string? Problem(string text, bool freeText)
    {
        // Printable ASCII is fine in every text: only what follows the first other character is looked at one by one
        // (the search is vectorized, and most texts are all printable ASCII).
        var first = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (first < 0)
        {
            return null;
        }

        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            int codePoint = c;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return "contains an unpaired surrogate (it is not valid text)";
                }

                codePoint = char.ConvertToUtf32(c, text[i + 1]);
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return "contains an unpaired surrogate (it is not valid text)";
            }
            else if (char.IsControl(c))
            {
                if (freeText && c is '\n' or '\r' or '\t')
                {
                    continue;
                }

                return string.Create(CultureInfo.InvariantCulture, $"contains the control character U+{(int)c:X4}");
            }

            if (freeText)
            {
                if (codePoint is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069))
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"contains the direction control U+{codePoint:X4}, which can make the text read differently to the other party");
                }
            }
            else
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
                if (category == UnicodeCategory.Format)
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"contains the invisible format character U+{codePoint:X4}; ids may not contain zero-width, direction or other format characters");
                }

                if (category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"contains the line separator U+{codePoint:X4}");
                }
            }
        }

        return null;
    }
}
