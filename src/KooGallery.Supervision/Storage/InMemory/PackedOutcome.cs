using System.Globalization;

namespace KooGallery.Supervision;

/// <summary>
/// A command outcome as the in-memory store keeps it: a struct in its dictionary instead of an object with
/// its own fingerprint string, which halves the memory an idle flow keeps for its command ids. A fingerprint
/// of 32 hexadecimal digits all in one case (today's lower-case XxHash128 and the legacy upper-case digest)
/// is packed into two numbers; any other is kept as text beside it by the store.
/// </summary>
internal readonly struct PackedOutcome
{
    private readonly ulong _fingerprintHigh;
    private readonly ulong _fingerprintLow;
    private readonly long _flowVersion;
    private readonly long _recordSequence;
    private readonly Instant _at;
    private readonly byte _action;
    private readonly byte _stageBefore;
    private readonly byte _stageAfter;
    private readonly bool _lowerCase;

    /// <summary>Packs <paramref name="outcome"/>; <paramref name="compact"/> tells whether its fingerprint was packed too.</summary>
    public PackedOutcome(CommandOutcome outcome, out bool compact)
    {
        _flowVersion = outcome.FlowVersion;
        _recordSequence = outcome.RecordSequence;
        _at = outcome.At;
        _action = (byte)outcome.Action;
        _stageBefore = (byte)outcome.StageBefore;
        _stageAfter = (byte)outcome.StageAfter;
        var text = outcome.Fingerprint;
        compact = text.Length == 32
            && ulong.TryParse(text.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _fingerprintHigh)
            && ulong.TryParse(text.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _fingerprintLow);
        if (compact)
        {
            _lowerCase = !string.Equals(Hex(_fingerprintHigh, _fingerprintLow, lowerCase: false), text, StringComparison.Ordinal);
            compact = string.Equals(Hex(_fingerprintHigh, _fingerprintLow, _lowerCase), text, StringComparison.Ordinal);
        }
    }

    /// <summary>Unpacks the outcome; <paramref name="unusualFingerprint"/> is the fingerprint kept as text when it was not packed.</summary>
    public CommandOutcome ToOutcome(string orderNumber, string commandId, string? unusualFingerprint) => new()
    {
        CommandId = commandId,
        OrderNumber = orderNumber,
        Action = (SupervisionAction)_action,
        StageBefore = (Stage)_stageBefore,
        StageAfter = (Stage)_stageAfter,
        FlowVersion = _flowVersion,
        RecordSequence = _recordSequence,
        At = _at,
        Fingerprint = unusualFingerprint ?? Hex(_fingerprintHigh, _fingerprintLow, _lowerCase),
    };

    private static string Hex(ulong high, ulong low, bool lowerCase)
    {
        var format = lowerCase ? "x16" : "X16";
        return high.ToString(format, CultureInfo.InvariantCulture) + low.ToString(format, CultureInfo.InvariantCulture);
    }
}
