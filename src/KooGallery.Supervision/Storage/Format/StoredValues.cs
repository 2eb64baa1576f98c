using System;
using System.Globalization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>The checks and conversions the stored shapes share: an enum value must be named, an amount is invariant text.</summary>
internal static class StoredValues
{
    public static TEnum Defined<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new FormatException($"{value} is not a {typeof(TEnum).Name}.");

    public static string FormatAmount(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    public static decimal ParseAmount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
