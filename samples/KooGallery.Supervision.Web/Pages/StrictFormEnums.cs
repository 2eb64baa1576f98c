using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace KooGallery.Supervision.Web.Pages;

/// <summary>
/// Enum values of a posted form read as exactly one of the enum's names, in any case. The page binder also takes a
/// number and a comma-separated list of names, which it combines bit by bit ("ReturnTo, Complete" would read as
/// Close): such a value is refused, never turned into another one.
/// </summary>
internal static class StrictFormEnums
{
    /// <summary>Whether <paramref name="text"/> is exactly one name of <typeparamref name="TEnum"/>, in any case.</summary>
    public static bool IsOneName<TEnum>(string? text)
        where TEnum : struct, Enum =>
        text is not null && Enum.GetNames<TEnum>().Any(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Marks the form's value under <paramref name="key"/> unreadable when it is given and is not one name (an empty value is no value).</summary>
    public static void Check<TEnum>(ModelStateDictionary state, IFormCollection form, string key)
        where TEnum : struct, Enum
    {
        if (form.TryGetValue(key, out var values) && (values.Count > 1 || values.Any(value => !string.IsNullOrEmpty(value) && !IsOneName<TEnum>(value))))
        {
            state.AddModelError(key, "Not one of the names this value takes.");
        }
    }
}
