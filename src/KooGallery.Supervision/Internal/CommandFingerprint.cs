using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace KooGallery.Supervision.Internal;

/// <summary>
/// A stable digest of a command's content (type, flow, actor, text, references, fields), so a retry
/// (same id, same content) is told apart from an id reused for another command (R30): a 128-bit
/// digest of a length-prefixed encoding, as 32 hexadecimal digits.
/// </summary>
/// <remarks>
/// The digest only tells one caller's retry from that caller's reuse of its own id, so it needs to be
/// stable and well spread, not cryptographic: a caller who forged a collision would only get its own
/// earlier outcome back. It is computed on every command, where a SHA-256 through the platform's
/// crypto library cost more than the state machine itself.
/// </remarks>
internal static class CommandFingerprint
{
    public static string Of(SupervisionCommand command, CommandContent content)
    {
        var writer = new Writer(256);
        try
        {
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

            return Digest128.Hex(writer.Written);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Appends length-prefixed values to a pooled buffer.</summary>
    private struct Writer(int capacity) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
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
            var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), written);
            _length += 4 + written;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
