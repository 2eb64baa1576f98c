using System.Globalization;
using System.IO.Hashing;
using KooGallery.Supervision.Internal;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Fingerprints;

/// <summary>
/// Known fingerprints of fixed commands: a retry must match the fingerprint stored with its first outcome (R30),
/// today's XxHash128 ones and the legacy Digest128 ones stored up to schema version 2 alike.
/// </summary>
public class CommandFingerprintTests
{
    public static TheoryData<string, string> Fingerprints => new()
    {
        { nameof(FingerprintSamples.Request), "87c414cb7b78c5fb4e6cdf00c187a9d9" },
        { nameof(FingerprintSamples.Appeal), "438dd6a78ee33048a6886d8cc540a5f0" },
        { nameof(FingerprintSamples.Bare), "6ac85dbdddf141f3b7191340ebee0040" },
        { nameof(FingerprintSamples.InvalidText), "c2a683fbb70495eb2d9eb08c63642157" },
    };

    public static TheoryData<string, string> LegacyFingerprints => new()
    {
        { nameof(FingerprintSamples.Request), "9F948D9D544F474692D437EFB1C68407" },
        { nameof(FingerprintSamples.Appeal), "C396F2829C0F9820966CE03B874E9A6F" },
        { nameof(FingerprintSamples.Bare), "084E0624BE7262A1F8FCED95ECA821D3" },
        { nameof(FingerprintSamples.InvalidText), "844E6B8A8B4B5DED0FAFA106A24CE9C6" },
    };

    [Fact]
    public void XxHash128_EmptyInput_GivesTheReferenceValue()
    {
        // The published XXH3 128-bit value of no input with seed 0: the fingerprint uses the standard algorithm.
        XxHash128.HashToUInt128([]).ToString("x32", CultureInfo.InvariantCulture).Should().Be("99aa06d3014798d86001c324468d497f");
    }

    [Theory]
    [MemberData(nameof(Fingerprints))]
    public void Of_FixedCommand_GivesTheKnownXxHash128Fingerprint(string sample, string fingerprint)
    {
        var (command, content) = Sample(sample);

        CommandFingerprint.Of(command, content).Should().Be(fingerprint);
        CommandFingerprint.IsLegacyForm(fingerprint).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(LegacyFingerprints))]
    public void Legacy_FixedCommand_GivesTheKnownDigest128Fingerprint(string sample, string fingerprint)
    {
        var (command, content) = Sample(sample);

        CommandFingerprint.Legacy(command, content).Should().Be(fingerprint);
        CommandFingerprint.IsLegacyForm(fingerprint).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(LegacyFingerprints))]
    public void Matches_StoredLegacyFingerprintOfTheSameCommand_IsTrue(string sample, string fingerprint)
    {
        var (command, content) = Sample(sample);
        string? computed = null;

        CommandFingerprint.Matches(fingerprint, command, content, ref computed).Should().BeTrue();
        computed.Should().Be(CommandFingerprint.Of(command, content), "the cache holds today's fingerprint");
    }

    [Theory]
    [MemberData(nameof(Fingerprints))]
    public void Matches_StoredFingerprintOfTheSameCommand_IsTrue(string sample, string fingerprint)
    {
        var (command, content) = Sample(sample);
        string? computed = null;

        CommandFingerprint.Matches(fingerprint, command, content, ref computed).Should().BeTrue();
    }

    [Fact]
    public void Matches_FingerprintOfAnotherCommandOrInTheOtherCase_IsFalse()
    {
        var (command, content) = FingerprintSamples.Request;
        string? computed = null;

        CommandFingerprint.Matches("C396F2829C0F9820966CE03B874E9A6F", command, content, ref computed).Should().BeFalse("it is the appeal's");
        CommandFingerprint.Matches("438dd6a78ee33048a6886d8cc540a5f0", command, content, ref computed).Should().BeFalse("it is the appeal's");
        CommandFingerprint.Matches("9f948d9d544f474692d437efb1c68407", command, content, ref computed).Should().BeFalse("a legacy fingerprint is upper-case");
        CommandFingerprint.Matches("87C414CB7B78C5FB4E6CDF00C187A9D9", command, content, ref computed).Should().BeFalse("today's fingerprint is lower-case");
        CommandFingerprint.Matches(string.Empty, command, content, ref computed).Should().BeFalse();
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", true)]
    [InlineData("01234567890123456789012345678901", true)]
    [InlineData("0123456789abcdef0123456789abcdef", false)]
    [InlineData("0123456789ABCDEF0123456789ABCDE", false)]
    [InlineData("0123456789ABCDEF0123456789ABCDEG", false)]
    public void IsLegacyForm_Text_IsTrueOnlyFor32UpperCaseHexDigits(string text, bool legacy)
    {
        CommandFingerprint.IsLegacyForm(text).Should().Be(legacy);
    }

    [Fact]
    public async Task ExecuteAsync_RetryWhoseStoredOutcomeHoldsALegacyFingerprint_IsAReplay()
    {
        var host = new TestHost(store: new LegacyFingerprintStore(new InMemoryServiceFlowStore()));
        await host.CreateAsync();
        var submit = new SubmitRequest("legacy-1", "ORD-1", TestHost.Buyer, "Please migrate our database.");
        var first = await host.MustAsync(submit);

        var retry = await host.RunAsync(submit);
        var reuse = await host.RunAsync(submit with { Text = "Something else." });

        CommandFingerprint.IsLegacyForm((await host.Store.FindCommandOutcomeAsync("ORD-1", "legacy-1", CancellationToken.None))!.Fingerprint).Should().BeTrue();
        retry.IsSuccess.Should().BeTrue(retry.Error?.Message);
        retry.Value.IsReplay.Should().BeTrue();
        retry.Value.FlowVersion.Should().Be(first.FlowVersion);
        reuse.IsSuccess.Should().BeFalse();
        reuse.Error!.Reason.Should().Be(SupervisionErrorReason.CommandIdReused);
    }

    internal static (SupervisionCommand Command, CommandContent Content) Sample(string name) => name switch
    {
        nameof(FingerprintSamples.Request) => FingerprintSamples.Request,
        nameof(FingerprintSamples.Appeal) => FingerprintSamples.Appeal,
        nameof(FingerprintSamples.Bare) => FingerprintSamples.Bare,
        nameof(FingerprintSamples.InvalidText) => FingerprintSamples.InvalidText,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>Stores every outcome with the legacy fingerprint of its command, as a store written before XxHash128 holds it.</summary>
    private sealed class LegacyFingerprintStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        public override ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
        {
            if (change.Outcome is { CommandId: "legacy-1" } outcome)
            {
                var (command, content) = (new SubmitRequest("legacy-1", "ORD-1", TestHost.Buyer, "Please migrate our database."), new CommandContent { Text = "Please migrate our database." });
                change = new FlowChange(change.Flow, change.ExpectedVersion, change.Records, change.Events, outcome with { Fingerprint = CommandFingerprint.Legacy(command, content) });
            }

            return base.SaveAsync(change, cancellationToken);
        }
    }
}
