using System.Buffers.Binary;
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
        compact = IsOneCaseHex(text, out _lowerCase) && TryParse(text, out _fingerprintHigh, out _fingerprintLow);
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

    /// <summary>
    /// Whether <paramref name="text"/> is 32 hexadecimal digits whose letters are all in one case (lower-case when
    /// <paramref name="lowerCase"/>): exactly the texts <see cref="Hex"/> gives back unchanged from their two numbers.
    /// </summary>
    private static bool IsOneCaseHex(string text, out bool lowerCase)
    {
        lowerCase = false;
        if (text.Length != 32)
        {
            return false;
        }

        var upperCase = false;
        foreach (var c in text)
        {
            if (c is >= 'a' and <= 'f')
            {
                lowerCase = true;
            }
            else if (c is >= 'A' and <= 'F')
            {
                upperCase = true;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !(lowerCase && upperCase);
    }

#if NET9_0_OR_GREATER
    private static bool TryParse(string text, out ulong high, out ulong low)
    {
        Span<byte> bytes = stackalloc byte[16];
        var status = Convert.FromHexString(text, bytes, out _, out _);
        high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        return status == System.Buffers.OperationStatus.Done;
    }

    private static string Hex(ulong high, ulong low, bool lowerCase)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return lowerCase ? Convert.ToHexStringLower(bytes) : Convert.ToHexString(bytes);
    }
#else
    private static bool TryParse(string text, out ulong high, out ulong low)
    {
        low = 0;
        return ulong.TryParse(text.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out high)
            && ulong.TryParse(text.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out low);
    }

    private static string Hex(ulong high, ulong low, bool lowerCase) => string.Create(32, (high, low, lowerCase), static (chars, state) =>
    {
        var format = state.lowerCase ? "x16" : "X16";
        state.high.TryFormat(chars, out _, format, CultureInfo.InvariantCulture);
        state.low.TryFormat(chars[16..], out _, format, CultureInfo.InvariantCulture);
    });
#endif
}
