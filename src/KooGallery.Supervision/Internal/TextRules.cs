using System.Globalization;

namespace KooGallery.Supervision.Internal;

/// <summary>
/// What every stored text must be: valid UTF-16 (no unpaired surrogates, which no store keeps exactly)
/// and free of control characters (PostgreSQL refuses NUL; the others only hide content), but for
/// line breaks and tabs in free text.
/// </summary>
internal static class TextRules
{
    /// <summary>Says what is wrong with the text, or null when nothing is.</summary>
    public static string? Problem(string text, bool freeText)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return "contains an unpaired surrogate (it is not valid text)";
            }

            if (char.IsLowSurrogate(c))
            {
                return "contains an unpaired surrogate (it is not valid text)";
            }

            if (char.IsControl(c) && !(freeText && c is '\n' or '\r' or '\t'))
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains the control character U+{(int)c:X4}");
            }
        }

        return null;
    }
}
