using System.Diagnostics;
using System.Text.Json;

namespace KooGallery.Supervision.Cli.Tests;

/// <summary>
/// The tool as a user gets it: packed with <c>dotnet pack</c> into a folder, installed from that folder alone with
/// <c>dotnet tool install --tool-path</c>, and run as its own process.
/// </summary>
public sealed class PackedToolTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "koogallery-tool-tests", Guid.NewGuid().ToString("N"));

    public PackedToolTests() => Directory.CreateDirectory(_temp);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_packed_tool_installs_from_a_local_folder_and_runs_init_create_act_show()
    {
        var feed = Path.Combine(_temp, "feed");
        var tools = Path.Combine(_temp, "tools");
        // The configuration the tests were built in: the tool was built with them (project reference), so pack reuses it.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var project = Path.Combine(Repository.Root, "samples", "KooGallery.Supervision.Cli", "KooGallery.Supervision.Cli.csproj");

        var pack = await RunAsync("dotnet", ["pack", project, "--no-build", "-c", configuration, "-o", feed, "-nologo"]);
        pack.Exit.Should().Be(0, pack.ToString());
        Directory.GetFiles(feed, "KooGallery.Supervision.Cli.*.nupkg").Should().ContainSingle();

        // Only the local folder: the install runs outside the repository with a configuration that clears every other
        // source, and with its own package cache so that an older build is never reused.
        var config = Path.Combine(_temp, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var install = await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", feed, "KooGallery.Supervision.Cli"]);
        install.Exit.Should().Be(0, install.ToString());
        var tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "koogallery-supervision.exe" : "koogallery-supervision");
        File.Exists(tool).Should().BeTrue(install.ToString());

        var database = Path.Combine(_temp, "flows.db");
        var init = await RunAsync(tool, ["--database", database, "--sandbox", "init", "--start", "2026-03-02T09:00:00Z"]);
        init.Exit.Should().Be(0, init.ToString());
        init.Output.Should().Contain("Ready").And.Contain("2026-03-02 09:00 UTC");

        var create = await RunAsync(tool, ["--database", database, "create", "ORD-1", "--buyer", "alice", "--seller", "bytecraft", "--product", "db-migration"]);
        create.Exit.Should().Be(0, create.ToString());
        create.Output.Should().Contain("Created ORD-1");

        var act = await RunAsync(tool, ["--database", database, "act", "ORD-1", "submit-request", "--as", "buyer:alice", "--text", "Migrate our order database."]);
        act.Exit.Should().Be(0, act.ToString());
        act.Output.Should().Contain("AwaitingRequest -> RequestSubmitted");

        var refused = await RunAsync(tool, ["--database", database, "act", "ORD-1", "accept-delivery", "--as", "buyer:alice"]);
        refused.Exit.Should().Be(1, refused.ToString());
        refused.Error.Should().Contain("NotPermittedInStage");

        var show = await RunAsync(tool, ["--database", database, "show", "ORD-1", "--as", "seller:bytecraft", "--json"]);
        show.Exit.Should().Be(0, show.ToString());
        var view = JsonDocument.Parse(show.Output).RootElement;
        view.GetProperty("stage").GetString().Should().Be("RequestSubmitted");
        view.GetProperty("waitingOn").GetString().Should().Be("Seller");

        var usage = await RunAsync(tool, ["--database", database, "show", "ORD-1"]);
        usage.Exit.Should().Be(2, usage.ToString());
    }

    private async Task<Run> RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _temp };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NUGET_PACKAGES"] = Path.Combine(_temp, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")) && FindDotnetRoot() is { } root)
        {
            start.Environment["DOTNET_ROOT"] = root; // the installed tool's launcher finds the runtime through it
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await output, await error);
    }

    private static string? FindDotnetRoot()
    {
        // The runtime running these tests: <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtime = new DirectoryInfo(Path.TrimEndingDirectorySeparator(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory()));
        return runtime.Parent?.Parent?.Parent?.FullName;
    }
}
