using System.Buffers.Binary;
using System.Numerics;

namespace KooGallery.Supervision.Internal;

/// <summary>
/// The digest of the legacy command fingerprint (<see cref="CommandFingerprint.Legacy"/>), kept only to recognise
/// outcomes stored with it: two 64-bit lanes that absorb the input eight bytes at a time with multiply-rotate
/// mixing and end with a full avalanche of each lane. Its output is pinned by known-output tests and may never
/// change; not cryptographic.
/// </summary>
internal static class Digest128
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;

    public static string Hex(ReadOnlySpan<byte> data)
    {
        var (high, low) = Compute(data);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return Convert.ToHexString(bytes);
    }

    public static (ulong High, ulong Low) Compute(ReadOnlySpan<byte> data)
    {
        var a = Prime3 ^ ((ulong)data.Length * Prime1);
        var b = Prime4 ^ ((ulong)data.Length * Prime2);
        while (data.Length >= 8)
        {
            var block = BinaryPrimitives.ReadUInt64LittleEndian(data);
            a = BitOperations.RotateLeft(a ^ (block * Prime1), 31) * Prime2;
            b = BitOperations.RotateLeft(b ^ (block * Prime3), 27) * Prime4 + a;
            data = data[8..];
        }

        ulong tail = 0;
        for (var i = data.Length - 1; i >= 0; i--)
        {
            tail = (tail << 8) | data[i];
        }

        a = BitOperations.RotateLeft(a ^ (tail * Prime1), 31) * Prime2;
        b = BitOperations.RotateLeft(b ^ (tail * Prime3), 27) * Prime4 + a;
        a = Avalanche(a + b);
        b = Avalanche(b ^ a);
        return (a, b);
    }

    private static ulong Avalanche(ulong value)
    {
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDUL;
        value ^= value >> 33;
        value *= 0xC4CEB9FE1A85EC53UL;
        value ^= value >> 33;
        return value;
    }
}
