using System.Text;
using KooGallery.Supervision.Internal;

namespace KooGallery.Supervision.Tests.Fingerprints;

/// <summary>
/// Known outputs of the home-made 128-bit digest that fingerprinted commands up to schema version 2:
/// outcomes stored with it must still be recognised, so its output may never change.
/// </summary>
public class Digest128Tests
{
    [Theory]
    [InlineData("", "2835226A41C1F0BDEFF085535C36E45B")]
    [InlineData("a", "8A4420FC42991278EEFCA879DD66B237")]
    [InlineData("abcdefgh", "BD6D3B25FEC7909CBA7638BC51B297A8")]
    [InlineData("The quick brown fox jumps over the lazy dog", "7ECE7D2D096CD1CC83048DDEBEA6CF4D")]
    public void Hex_KnownInput_GivesTheKnownDigest(string input, string digest)
    {
        Digest128.Hex(Encoding.UTF8.GetBytes(input)).Should().Be(digest);
    }

    [Fact]
    public void Hex_EveryByteValue_GivesTheKnownDigest()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        Digest128.Hex(bytes).Should().Be("E81116C3C24229AE7EC505BA0765BD2E");
    }
}
