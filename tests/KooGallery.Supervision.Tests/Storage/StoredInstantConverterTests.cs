using System.Text;
using KooGallery.Supervision.Storage.Format;
using NodaTime.Text;

namespace KooGallery.Supervision.Tests.Storage;

/// <summary>
/// The stored documents' instant converter writes exactly the text of NodaTime's extended ISO pattern and reads every
/// text to the same instant, or refuses it, exactly as that pattern does.
/// </summary>
public class StoredInstantConverterTests
{
    public static TheoryData<string> Edges() =>
    [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2026-03-02T09:00:00Z", "2026-03-02T09:00:00.5Z",
        "2026-03-02T09:00:00.000000001Z", "2026-03-02T09:00:00.120Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z",
    ];

    public static TheoryData<string> Refused() =>
    [
        "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-01-32T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567891Z",
        "2026-01-01t00:00:00Z", "2026-01-01T00:00:00z", "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "0000-01-01T00:00:00Z",
        "+2026-01-01T00:00:00Z", "2026-1-01T00:00:00Z", "2026-01-01T00:00:00+01:00", "", "2026-01-01T00:00:0aZ",
    ];

    [Fact]
    public void TryFormat_ManyInstants_WritesWhatNodaTimeWrites()
    {
        var random = new Random(20261128);
        var span = (Instant.MaxValue - Instant.FromUtc(1, 1, 1, 0, 0)).TotalTicks;
        for (var i = 0; i < 20_000; i++)
        {
            var instant = Instant.FromUtc(1, 1, 1, 0, 0) + Duration.FromTicks((long)(random.NextDouble() * span));
            instant += Duration.FromNanoseconds(random.Next(4) switch { 0 => 0, 1 => random.Next(1_000) * 1_000_000, 2 => random.Next(100), _ => random.Next(1_000_000_000) });
            instant = Instant.Min(instant, Instant.MaxValue);

            Format(instant).Should().Be(InstantPattern.ExtendedIso.Format(instant));
            StoredInstantConverter.TryParse(Encoding.UTF8.GetBytes(Format(instant)!), out var read).Should().BeTrue();
            read.Should().Be(instant);
        }
    }

    [Fact]
    public void FormatInstant_EveryRange_GivesNodaTimesText()
    {
        // The plain years go the direct way, the others (before year 1) to NodaTime's pattern: both give its text.
        var random = new Random(20261129);
        var instants = new List<Instant> { Instant.MinValue, Instant.MaxValue, Instant.FromUtc(1, 1, 1, 0, 0) - Duration.Epsilon, Instant.FromUtc(1, 1, 1, 0, 0), NodaConstants.UnixEpoch };
        for (var i = 0; i < 2_000; i++)
        {
            instants.Add(Instant.FromUnixTimeTicks((long)(random.NextDouble() * (Instant.MaxValue.ToUnixTimeTicks() - Instant.MinValue.ToUnixTimeTicks())) + Instant.MinValue.ToUnixTimeTicks())
                + Duration.FromNanoseconds(random.Next(100)));
        }

        foreach (var instant in instants)
        {
            var clamped = instant > Instant.MaxValue ? Instant.MaxValue : instant;
            SupervisionStorageFormat.FormatInstant(clamped).Should().Be(InstantPattern.ExtendedIso.Format(clamped));
        }

        instants.Should().Contain(instant => instant < Instant.FromUtc(1, 1, 1, 0, 0), "both ways are taken");
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void TryParse_PlainForm_ReadsWhatNodaTimeReads(string text)
    {
        StoredInstantConverter.TryParse(Encoding.UTF8.GetBytes(text), out var read).Should().BeTrue();

        read.Should().Be(InstantPattern.ExtendedIso.Parse(text).Value);
        Format(read).Should().Be(InstantPattern.ExtendedIso.Format(read));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryParse_OtherText_IsLeftToNodaTime(string text)
    {
        StoredInstantConverter.TryParse(Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();
    }

    [Fact]
    public void TryFormat_OutsideYearsOneTo9999_IsLeftToNodaTime()
    {
        var buffer = new byte[30];

        StoredInstantConverter.TryFormat(Instant.FromUtc(0, 12, 31, 23, 59), buffer, out _).Should().BeFalse();
        StoredInstantConverter.TryFormat(Instant.MinValue, buffer, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("\"2025-02-29T00:00:00Z\"")]
    [InlineData("\"2026-01-01T00:00:00,5Z\"")]
    [InlineData("\"\\u0032026-01-01T00:00:00Z\"")]
    [InlineData("12")]
    [InlineData("null")]
    public void Read_AnyOtherToken_GivesWhatNodaTimeGives(string json)
    {
        var ours = Outcome(() => System.Text.Json.JsonSerializer.Deserialize<Instant>(json, Options(StoredInstantConverter.Instance)));
        var nodaTime = Outcome(() => System.Text.Json.JsonSerializer.Deserialize<Instant>(json, Options(NodaTime.Serialization.SystemTextJson.NodaConverters.InstantConverter)));

        ours.Should().Be(nodaTime);
    }

    [Theory]
    [InlineData(-9998)]
    [InlineData(-1)]
    [InlineData(0)]
    public void Write_OutsideThePlainYears_WritesWhatNodaTimeWrites(int year)
    {
        var instant = year == -9998 ? Instant.MinValue : Instant.FromUtc(year, 6, 30, 12, 0) + Duration.FromNanoseconds(5);

        System.Text.Json.JsonSerializer.Serialize(instant, Options(StoredInstantConverter.Instance))
            .Should().Be(System.Text.Json.JsonSerializer.Serialize(instant, Options(NodaTime.Serialization.SystemTextJson.NodaConverters.InstantConverter)));
    }

    private static string? Format(Instant instant)
    {
        var buffer = new byte[30];
        return StoredInstantConverter.TryFormat(instant, buffer, out var length) ? Encoding.UTF8.GetString(buffer, 0, length) : null;
    }

    private static System.Text.Json.JsonSerializerOptions Options(System.Text.Json.Serialization.JsonConverter converter) => new() { Converters = { converter } };

    private static string Outcome(Func<Instant> read)
    {
        try
        {
            return "read " + InstantPattern.ExtendedIso.Format(read());
        }
        catch (Exception exception)
        {
            return exception.GetType().FullName + ": " + exception.Message;
        }
    }
}
