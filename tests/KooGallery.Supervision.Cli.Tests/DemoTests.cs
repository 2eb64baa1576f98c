using System.Diagnostics;

namespace KooGallery.Supervision.Cli.Tests;

/// <summary>The demo (the README's first command): help and unknown arguments are answered without running a story.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "koogallery-demo-tests", Guid.NewGuid().ToString("N"));

    public DemoTests() => Directory.CreateDirectory(_temp);

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData(0, "--help")]
    [InlineData(0, "-h")]
    [InlineData(2, "--bogus")]
    [InlineData(2, "--diagram")]
    [InlineData(2, "--diagram", "svg")]
    [InlineData(2, "--database")]
    public async Task Help_and_unknown_arguments_write_nothing_and_play_no_story(int exitCode, params string[] args)
    {
        var (exit, output, error) = await RunDemoAsync(args);

        exit.Should().Be(exitCode, output + error);
        (output + error).Should().NotContain("Story 1").And.NotContain("Store:");
        Directory.EnumerateFileSystemEntries(_temp).Should().BeEmpty("the demo made no database");
        if (exitCode == 0)
        {
            output.Should().Contain("--database PATH");
        }
        else
        {
            error.Should().Contain("--help");
        }
    }

    [Fact]
    public async Task A_run_plays_both_stories_on_a_new_file_with_events_after_their_commands()
    {
        var (exit, output, _) = await RunDemoAsync();

        exit.Should().Be(0, output);
        Directory.EnumerateFiles(Path.Combine(_temp, "koogallery-supervision-demo"), "demo-*.db").Should().ContainSingle();
        output.Should().NotContain("earlier runs").And.Contain("waiting on no one").And.NotContain("Nobody");
        var lines = output.Split('\n');
        var submitted = Array.FindIndex(lines, l => l.Contains("SubmitRequest") && l.Contains("AwaitingRequest -> RequestSubmitted"));
        lines[submitted + 1].Should().Contain("event RequestSubmitted on ORD-101");
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_said_and_left_as_it_is()
    {
        // Before: the store's exception went unhandled, with its stack trace.
        var file = Path.Combine(_temp, "not-a-database.db");
        await File.WriteAllTextAsync(file, "not a database at all, just text that is long enough to be read as a header");

        var (exit, output, error) = await RunDemoAsync("--database", file);

        exit.Should().Be(3, output + error);
        error.Should().Contain("Cannot use").And.NotContain("   at ");
        (await File.ReadAllTextAsync(file)).Should().StartWith("not a database at all");
    }

    private async Task<(int Exit, string Output, string Error)> RunDemoAsync(params string[] args)
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "KooGallery.Supervision.Demo.dll");
        if (!File.Exists(demo))
        {
            // The demo is built beside the tests' output by its project reference; find its own output otherwise.
            demo = Path.Combine(Repository.Root, "samples", "KooGallery.Supervision.Demo", "bin",
                new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "KooGallery.Supervision.Demo.dll");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(demo);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TMPDIR"] = _temp;
        start.Environment["TMP"] = _temp;
        start.Environment["TEMP"] = _temp;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
