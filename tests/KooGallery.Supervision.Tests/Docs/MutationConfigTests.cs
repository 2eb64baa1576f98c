using System.Text.Json;
using System.Text.RegularExpressions;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Docs;

/// <summary>
/// The mutation-testing configuration (stryker-config.json for the core, stryker-config.relational.json for the
/// relational store base; docs/testing.md) still names the rule-bearing files: CI does not run Stryker, so a file
/// moved or renamed would otherwise silently drop out of the measurement.
/// </summary>
public class MutationConfigTests
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly (string Config, string Project)[] All =
    [
        ("stryker-config.json", "src/KooGallery.Supervision"),
        ("stryker-config.relational.json", "src/KooGallery.Supervision.Sqlite"),
        ("stryker-config.relational-postgres.json", "src/KooGallery.Supervision.PostgreSql"),
    ];

    public static TheoryData<string, string> Configurations()
    {
        var data = new TheoryData<string, string>();
        foreach (var (config, project) in All)
        {
            data.Add(config, project);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_mutate_pattern_names_files_that_exist(string config, string project)
    {
        var settings = Read(config);
        var patterns = settings.GetProperty("mutate").EnumerateArray().Select(p => p.GetString()!).ToList();
        var sources = Directory.EnumerateFiles(Repository.File("src"), "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Repository.Root, file).Replace('\\', '/'))
            .Where(file => !file.Contains("/bin/", StringComparison.Ordinal) && !file.Contains("/obj/", StringComparison.Ordinal))
            .ToList();

        patterns.Should().NotBeEmpty($"{config} mutates only the rule-bearing files it names");
        foreach (var pattern in patterns.Where(p => !p.StartsWith('!')))
        {
            var glob = Glob(pattern);
            sources.Where(file => glob.IsMatch(file)).Should().NotBeEmpty($"{config} mutates {pattern}, which must match a file under src/");
        }

        settings.GetProperty("project").GetString().Should().Be(Path.GetFileName(project) + ".csproj");
        System.IO.File.Exists(Repository.File(project, Path.GetFileName(project) + ".csproj")).Should().BeTrue();
    }

    [Fact]
    public void The_core_configuration_names_each_rule_bearing_area()
    {
        var patterns = Read("stryker-config.json").GetProperty("mutate").EnumerateArray().Select(p => p.GetString()!).ToList();

        foreach (var file in new[]
                 {
                     "Machine/SupervisionMachine.cs", "Machine/SupervisionMachine.Actions.cs", "Machine/SupervisionMachine.Tables.cs",
                     "Appeals/AppealConditions.cs", "Reminders/ReminderRule.cs", "Timers/TimerSweeper.cs", "Policies/SupervisionPolicy.cs",
                     "Commands/CommandValidation.cs", "Engine/CallValidation.cs", "Engine/FlowTransaction.cs", "Parties/Authorizer.cs",
                     "Events/OutboxDispatcher.cs",
                 })
        {
            patterns.Should().Contain(p => Glob(p).IsMatch("src/KooGallery.Supervision/" + file), $"{file} bears rules and is mutated");
        }
    }

    [Fact]
    public void The_tool_manifest_pins_Stryker_and_the_script_runs_both_configurations()
    {
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllText(Repository.File(".config", "dotnet-tools.json")));
        manifest.RootElement.GetProperty("tools").GetProperty("dotnet-stryker").GetProperty("version").GetString().Should().Be("5.1.0");

        var script = System.IO.File.ReadAllText(Repository.File("scripts", "mutation.sh"));
        script.Should().Contain("stryker-config.json").And.Contain("stryker-config.relational.json");
        foreach (var (config, _) in All)
        {
            var settings = Read(config);
            settings.GetProperty("reporters").EnumerateArray().Select(r => r.GetString()).Should().Contain("json", "the script reads the JSON report");
            settings.GetProperty("coverage-analysis").GetString().Should().Be("perTest");
        }
    }

    private static JsonElement Read(string config)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(Repository.File(config)), Lenient);
        return document.RootElement.GetProperty("stryker-config").Clone();
    }

    /// <summary>Stryker's glob on a repository path: ** any folders, * any name part.</summary>
    private static Regex Glob(string pattern)
    {
        var text = Regex.Escape(pattern.TrimStart('!')).Replace(@"\*\*/", "(.*/)?").Replace(@"\*", "[^/]*");
        return new Regex("(^|/)" + text + "$");
    }
}
