using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;

namespace KooGallery.Supervision.Internal;

/// <summary>
/// A stable digest of a command's content (type, flow, actor, text, references, fields), so a retry
/// (same id, same content) is told apart from an id reused for another command (command ids, R30): the XxHash128 of a
/// length-prefixed encoding, as 32 lower-case hexadecimal digits.
/// </summary>
/// <remarks>
/// The digest only tells one caller's retry from that caller's reuse of its own id, so it needs to be
/// stable and well spread, not cryptographic: a caller who forged a collision would only get its own
/// earlier outcome back. It is computed on every command, where a SHA-256 through the platform's
/// crypto library cost more than the state machine itself. Outcomes stored before this digest hold the
/// legacy <see cref="Digest128"/> of the same encoding, as 32 upper-case hexadecimal digits; a retry of
/// such a command still matches it.
/// </remarks>
internal static class CommandFingerprint
{
    /// <summary>
    /// Tells whether a stored fingerprint is the fingerprint of this command: the same command sent again.
    /// <paramref name="computed"/> caches the command's fingerprint across calls.
    /// </summary>
    public static bool Matches(string stored, SupervisionCommand command, CommandContent content, ref string? computed)
    {
        computed ??= Of(command, content);
        if (string.Equals(stored, computed, StringComparison.Ordinal))
        {
            return true;
        }

        // Told apart by form: no fingerprint of today has an upper-case digit, and a legacy one has no lower-case digit.
        return IsLegacyForm(stored) && string.Equals(stored, Legacy(command, content), StringComparison.Ordinal);
    }

    /// <summary>The fingerprint of a command: XxHash128 of its encoding, 32 lower-case hexadecimal digits.</summary>
    public static string Of(SupervisionCommand command, CommandContent content) => Compute(command, content, legacy: false);

    /// <summary>The fingerprint outcomes were stored with up to schema version 2: <see cref="Digest128"/> of the same encoding.</summary>
    public static string Legacy(SupervisionCommand command, CommandContent content) => Compute(command, content, legacy: true);

    /// <summary>Gets whether <paramref name="fingerprint"/> has the form of a legacy one: 32 digits 0-9 and A-F.</summary>
    public static bool IsLegacyForm(string fingerprint)
    {
        if (fingerprint.Length != 32)
        {
            return false;
        }

        foreach (var c in fingerprint)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'A' and <= 'F'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Compute(SupervisionCommand command, CommandContent content, bool legacy)
    {
        var writer = Encode(command, content);
        try
        {
            if (legacy)
            {
                return Digest128.Hex(writer.Written);
            }

#if NET9_0_OR_GREATER
            // The hash's canonical bytes are big-endian: their digits are those of the 128-bit number, most significant first.
            Span<byte> hash = stackalloc byte[16];
            XxHash128.Hash(writer.Written, hash);
            return Convert.ToHexStringLower(hash);
#else
            return XxHash128.HashToUInt128(writer.Written).ToString("x32", CultureInfo.InvariantCulture);
#endif
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static Writer Encode(SupervisionCommand command, CommandContent content)
    {
        var writer = new Writer(256);
        writer.Add(command.GetType().Name);
        writer.Add(command.OrderNumber);
        writer.Add(command.Actor.Id);
        writer.Add((int)command.Actor.Role);
        writer.Add(content.Text);

        // Each section is counted, so a reference can never read as a field or the other way round.
        var references = content.References;
        writer.Add(references?.Count ?? 0);
        if (references is not null)
        {
            foreach (var reference in references)
            {
                writer.Add(reference?.Name);
                writer.Add(reference?.Uri);
            }
        }

        var fields = content.Fields;
        writer.Add(fields?.Count ?? 0);
        if (fields is not null)
        {
            var keys = new List<string>(fields.Keys);
            keys.Sort(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                writer.Add(key);
                writer.Add(fields[key]);
            }
        }

        return writer;
    }

    /// <summary>
    /// Appends length-prefixed values to a buffer: pooled while small, and a plain array beyond
    /// <see cref="LargestPooled"/>, so one large command never leaves a large array kept in the shared pool.
    /// </summary>
    private struct Writer(int capacity) : IDisposable
    {
        private const int LargestPooled = 64 * 1024;

        /// <summary>The length prefix of a text that is not valid UTF-16, written as its raw code units.</summary>
        private const int InvalidTextMarker = -2;

        private byte[] _buffer = Rent(capacity);
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Add(int value)
        {
            Ensure(4);
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), value);
            _length += 4;
        }

        public void Add(string? value)
        {
            if (value is null)
            {
                Add(-1);
                return;
            }

            var bytes = Encoding.UTF8.GetMaxByteCount(value.Length);
            Ensure(bytes + 4);
            if (Utf8.FromUtf16(value, _buffer.AsSpan(_length + 4), out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done)
            {
                BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), written);
                _length += 4 + written;
                return;
            }

            // Text with an unpaired surrogate has no exact UTF-8 form (an encoder would write U+FFFD for it,
            // making two different texts look equal): write its code units under a marker no valid text has.
            Add(InvalidTextMarker);
            Add(value.Length);
            Ensure(value.Length * 2);
            for (var i = 0; i < value.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length), value[i]);
                _length += 2;
            }
        }

        public void Dispose() => Return(_buffer);

        private static byte[] Rent(int size) => size <= LargestPooled ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];

        private static void Return(byte[] buffer)
        {
            if (buffer.Length <= LargestPooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length)
            {
                return;
            }

            var larger = Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            Return(_buffer);
            _buffer = larger;
        }
    }
}
