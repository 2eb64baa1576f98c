using KooGallery.Supervision.Internal;

namespace KooGallery.Supervision.Tests.Fingerprints;

/// <summary>Known fingerprints of fixed commands: a retry must match the fingerprint stored with its first outcome (R30).</summary>
public class CommandFingerprintTests
{
    public static TheoryData<string, string> LegacyFingerprints => new()
    {
        { nameof(FingerprintSamples.Request), "9F948D9D544F474692D437EFB1C68407" },
        { nameof(FingerprintSamples.Appeal), "C396F2829C0F9820966CE03B874E9A6F" },
        { nameof(FingerprintSamples.Bare), "084E0624BE7262A1F8FCED95ECA821D3" },
        { nameof(FingerprintSamples.InvalidText), "844E6B8A8B4B5DED0FAFA106A24CE9C6" },
    };

    [Theory]
    [MemberData(nameof(LegacyFingerprints))]
    public void Of_FixedCommand_GivesTheKnownDigest128Fingerprint(string sample, string fingerprint)
    {
        var (command, content) = Sample(sample);

        CommandFingerprint.Of(command, content).Should().Be(fingerprint);
    }

    internal static (SupervisionCommand Command, CommandContent Content) Sample(string name) => name switch
    {
        nameof(FingerprintSamples.Request) => FingerprintSamples.Request,
        nameof(FingerprintSamples.Appeal) => FingerprintSamples.Appeal,
        nameof(FingerprintSamples.Bare) => FingerprintSamples.Bare,
        nameof(FingerprintSamples.InvalidText) => FingerprintSamples.InvalidText,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
