using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KooGallery.Supervision.Internal;

/// <summary>
/// A stable digest of a command's content (type, flow, actor, text, references, fields), so a retry
/// (same id, same content) is told apart from an id reused for another command (R30).
/// </summary>
internal static class CommandFingerprint
{
    public static string Of(SupervisionCommand command, CommandContent content)
    {
        var text = new StringBuilder(128);
        Append(text, command.GetType().Name);
        Append(text, command.OrderNumber);
        Append(text, command.Actor.Id);
        Append(text, command.Actor.Role.ToString());
        Append(text, content.Text);

        // Each section is named and counted, so a reference can never read as a field or the other way round.
        var references = content.References;
        Append(text, "references");
        Append(text, (references?.Count ?? 0).ToString(CultureInfo.InvariantCulture));
        if (references is not null)
        {
            foreach (var reference in references)
            {
                Append(text, reference?.Name);
                Append(text, reference?.Uri);
            }
        }

        var fields = content.Fields;
        Append(text, "fields");
        Append(text, (fields?.Count ?? 0).ToString(CultureInfo.InvariantCulture));
        if (fields is not null)
        {
            var keys = new List<string>(fields.Keys);
            keys.Sort(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                Append(text, key);
                Append(text, fields[key]);
            }
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexString(hash);
    }

    private static void Append(StringBuilder text, string? value)
    {
        // Length-prefixed, so no two different contents share a digest input.
        text.Append(value is null ? "-1" : value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
    }
}
