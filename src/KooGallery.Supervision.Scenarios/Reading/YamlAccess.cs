namespace KooGallery.Supervision.Scenarios.Reading;

/// <summary>Reads typed values from the YAML nodes of one file, and says where a value is wrong.</summary>
/// <param name="file">The file, for error messages.</param>
internal sealed class YamlAccess(string file)
{
    public string File => file;

    public static int LineOf(YamlNode node) => checked((int)node.Start.Line);

    public ScenarioFormatException Error(YamlNode node, string problem) => new(file, LineOf(node), problem);

    public ScenarioFormatException Error(Mark mark, string problem, Exception? inner = null) => new(file, checked((int)mark.Line), problem, inner);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>True for a plain <c>none</c> (or a YAML null): "there is none".</summary>
    public static bool IsNone(YamlNode node) =>
        IsNull(node) || node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: "none" };

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of keys to values.");

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list (items starting with '- ', or [a, b]).");

    /// <summary>The entries of a mapping, refusing keys not in <paramref name="allowed"/>.</summary>
    public IReadOnlyList<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string what, IReadOnlyCollection<string> allowed)
    {
        var entries = new List<(string, YamlNode, YamlNode)>(mapping.Children.Count);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } text } ? text : throw Error(keyNode, $"The keys of {what} must be plain words.");
            if (!allowed.Contains(key))
            {
                throw Error(keyNode, $"'{key}' is not a key of {what}; the keys are: {string.Join(", ", allowed)}.");
            }

            entries.Add((key, keyNode, value));
        }

        return entries;
    }

    public string Text(YamlNode node, string what) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => string.Empty,
        YamlScalarNode scalar => scalar.Value ?? string.Empty,
        _ => throw Error(node, $"{what} must be a single value (text), not a list or mapping."),
    };

    public string? TextOrNone(YamlNode node, string what) => IsNone(node) ? null : Text(node, what);

    public string Word(YamlNode node, string what)
    {
        var text = Text(node, what).Trim();
        return text.Length > 0 ? text : throw Error(node, $"{what} must not be empty.");
    }

    public int Int(YamlNode node, string what) =>
        int.TryParse(Text(node, what), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(node, $"{what} must be a whole number.");

    public decimal Decimal(YamlNode node, string what) =>
        decimal.TryParse(Text(node, what), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(node, $"{what} must be a number, such as 1200 or 99.50.");

    public bool Bool(YamlNode node, string what) => Text(node, what) switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => throw Error(node, $"{what} must be true or false."),
    };

    public Duration Duration(YamlNode node, string what) =>
        TimeText.TryParseDuration(Text(node, what), out var value)
            ? value
            : throw Error(node, $"{what} must be {TimeText.DurationHelp}.");

    public Instant Instant(YamlNode node, string what) =>
        TimeText.TryParseInstant(Text(node, what).Trim(), out var value)
            ? value
            : throw Error(node, $"{what} must be {TimeText.InstantHelp}.");

    /// <summary>An absolute instant, or a time relative to an anchor ("+5d 1h", "-2h").</summary>
    public TimeSpec Time(YamlNode node, string what, string anchor)
    {
        var text = Text(node, what).Trim();
        if (decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && number == 0
            && !text.Any(static c => c is >= '1' and <= '9'))
        {
            // The number zero in any spelling YAML reads as one ("0", "+0", "00", "0.0"): the same time as the anchor.
            return new TimeSpec(null, NodaTime.Duration.Zero, text);
        }

        if (text.Length > 0 && text[0] is '+' or '-')
        {
            if (!TimeText.TryParseDuration(text[1..], out var offset))
            {
                throw Error(node, $"{what} must be {TimeText.InstantHelp}, or a time from {anchor} such as \"+5d 1h\" or \"-2h\".");
            }

            return new TimeSpec(null, text[0] == '-' ? -offset : offset, text);
        }

        return TimeText.TryParseInstant(text, out var instant)
            ? new TimeSpec(instant, NodaTime.Duration.Zero, text)
            : throw Error(node, $"{what} must be {TimeText.InstantHelp}, or a time from {anchor} such as \"+5d 1h\" or \"-2h\".");
    }

    public TimeSpec? TimeOrNone(YamlNode node, string what, string anchor) => IsNone(node) ? null : Time(node, what, anchor);

    public T Name<T>(YamlNode node, string what, Func<T, string> spell, IReadOnlyCollection<T>? only = null)
        where T : struct, Enum
    {
        var text = Word(node, what);
        return Names.TryParse<T>(text, out var value) && (only is null || only.Contains(value))
            ? value
            : throw Error(node, $"'{text}' is not {what}; write one of: {Names.List(spell, only)}.");
    }

    /// <summary>A list of values; a single value counts as a list of one.</summary>
    public static IReadOnlyList<YamlNode> Items(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.ToArray(),
        _ when IsNull(node) => [],
        _ => [node],
    };
}
