using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace KooGallery.Supervision.Cli;

/// <summary>How the tool reads and writes its words: actors, actions, times (one format, with the zone), durations.</summary>
internal static partial class Words
{
    private static readonly InstantPattern TimePattern = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm 'UTC'");

    /// <summary>An instant as the tool prints it everywhere: <c>2026-03-02 09:00 UTC</c>.</summary>
    public static string Time(Instant instant) => TimePattern.Format(instant);

    public static string Time(Instant? instant) => instant is { } value ? Time(value) : "-";

    /// <summary>A duration in words: <c>2 d 4 h</c>, <c>3 h 5 min</c>, <c>40 s</c>.</summary>
    public static string Duration(Duration duration)
    {
        if (duration < NodaTime.Duration.Zero)
        {
            return "-" + Duration(-duration);
        }

        if (duration.Days > 0)
        {
            return duration.Hours > 0 ? $"{duration.Days} d {duration.Hours} h" : $"{duration.Days} d";
        }

        if (duration.Hours > 0)
        {
            return duration.Minutes > 0 ? $"{duration.Hours} h {duration.Minutes} min" : $"{duration.Hours} h";
        }

        return duration.Minutes > 0 ? $"{duration.Minutes} min" : $"{duration.Seconds} s";
    }

    /// <summary>Whom a flow waits on, in plain words.</summary>
    public static string WaitingOn(Party party) => party switch
    {
        Party.Nobody => "no one",
        Party.Buyer => "the buyer",
        Party.Seller => "the seller",
        Party.OperationsManagers => "the operations managers",
        _ => party.ToString(),
    };

    public static string Kebab(string pascal) => KebabBoundary().Replace(pascal, "$1-$2").ToLowerInvariant();

    public static string Kebab<T>(T value) where T : struct, Enum => Kebab(value.ToString());

    /// <summary>Reads an enum value written in kebab case or PascalCase (<c>submit-request</c>, <c>SubmitRequest</c>).</summary>
    public static T Enum<T>(string text, string what) where T : struct, Enum
    {
        var compact = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (!compact.All(char.IsLetter) || !System.Enum.TryParse<T>(compact, ignoreCase: true, out var value))
        {
            throw CliException.Usage($"{what}: '{text}' is not one of {string.Join(", ", System.Enum.GetValues<T>().Select(v => Kebab(v)))}.");
        }

        return value;
    }

    /// <summary>Reads <c>buyer:alice</c>, <c>seller:bytecraft</c>, <c>operations-manager:chen</c> (or <c>ops:chen</c>).</summary>
    public static Actor Actor(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw CliException.Usage($"--as: '{text}' is not ROLE:ID (buyer:alice, seller:bytecraft, operations-manager:chen).");
        }

        var id = text[(colon + 1)..];
        return text[..colon].ToLowerInvariant() switch
        {
            "buyer" => KooGallery.Supervision.Actor.Buyer(id),
            "seller" => KooGallery.Supervision.Actor.Seller(id),
            "operations-manager" or "operationsmanager" or "ops" or "manager" => KooGallery.Supervision.Actor.OperationsManager(id),
            var role => throw CliException.Usage($"--as: '{role}' is not a role (buyer, seller, operations-manager)."),
        };
    }

    public static string Actor(Actor actor) => $"{Kebab(actor.Role)}:{actor.Id}";

    /// <summary>Reads <c>3h</c>, <c>2d</c>, <c>90m</c>, <c>1d4h30m</c>, <c>45s</c>.</summary>
    public static Duration ParseDuration(string text, string what)
    {
        var matches = DurationPart().Matches(text.Replace(" ", string.Empty, StringComparison.Ordinal));
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)).Length != text.Replace(" ", string.Empty, StringComparison.Ordinal).Length)
        {
            throw CliException.Usage($"{what}: '{text}' is not a duration such as 3h, 2d, 90m, 1d4h30m or 45s.");
        }

        var total = NodaTime.Duration.Zero;
        try
        {
            foreach (Match match in matches)
            {
                var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                total += match.Groups[2].Value.ToLowerInvariant() switch
                {
                    "d" => NodaTime.Duration.FromDays(amount),
                    "h" => NodaTime.Duration.FromHours(amount),
                    "m" or "min" => NodaTime.Duration.FromMinutes(amount),
                    _ => NodaTime.Duration.FromSeconds(amount),
                };
            }
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            throw CliException.Usage($"{what}: '{text}' is longer than any duration the clock can take.");
        }

        return total;
    }

    /// <summary>Reads an instant: <c>2026-03-02T09:00:00Z</c>, <c>2026-03-02T09:00Z</c> or <c>2026-03-02</c> (midnight UTC).</summary>
    public static Instant ParseInstant(string text, string what)
    {
        foreach (var pattern in new[] { InstantPattern.ExtendedIso, InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm'Z'"), InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd") })
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                return result.Value;
            }
        }

        throw CliException.Usage($"{what}: '{text}' is not an instant such as 2026-03-02T09:00:00Z.");
    }

    /// <summary>Reads repeated <c>name=value</c> pairs into a map: a name given twice is bad usage, never a value dropped.</summary>
    public static Dictionary<string, string> Pairs(IEnumerable<string> pairs, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in PairList(pairs, what))
        {
            if (!result.TryAdd(name, value))
            {
                throw CliException.Usage($"{what}: '{name}' is given twice; give each name once.");
            }
        }

        return result;
    }

    /// <summary>Reads repeated <c>name=value</c> pairs in the order given, names repeated or not (proofs may share a name).</summary>
    public static List<(string Name, string Value)> PairList(IEnumerable<string> pairs, string what)
    {
        var result = new List<(string Name, string Value)>();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw CliException.Usage($"{what}: '{pair}' is not NAME=VALUE.");
            }

            result.Add((pair[..equals].Trim(), pair[(equals + 1)..]));
        }

        return result;
    }

    public static string Escape(string text) => Spectre.Console.Markup.Escape(text);

    public static string Shorten(string text, int length = 60)
    {
        var flat = new StringBuilder(text).Replace('\n', ' ').Replace('\r', ' ').ToString();
        return flat.Length <= length ? flat : flat[..(length - 3)] + "...";
    }

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();

    [GeneratedRegex("([0-9]+)(d|h|min|m|s)", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPart();
}
