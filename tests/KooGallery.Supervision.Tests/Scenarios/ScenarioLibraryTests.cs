using System.Text.Json;
using System.Text.RegularExpressions;
using KooGallery.Supervision.Scenarios;
using KooGallery.Supervision.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace KooGallery.Supervision.Tests.Scenarios;

/// <summary>
/// The scenario library under docs/scenarios: the readable specification of R1 to R33. Every file runs as
/// one test case; a failure reports the runner's first failing step with its file and line.
/// </summary>
public class ScenarioLibraryTests
{
    public static readonly string Folder = Repository.File("docs", "scenarios");

    /// <summary>One test case per file, named by its path under docs/scenarios.</summary>
    [Theory]
    [ScenarioFiles("docs/scenarios")]
    public async Task Scenario_file_passes(string file)
    {
        var result = await new ScenarioRunner().RunFileAsync(file);

        if (!result.Passed)
        {
            Assert.Fail(result.ToString());
        }
    }

    [Theory]
    [InlineData("instant", "2026-03-02T09:00:00Z", true)]
    [InlineData("instant", "2026-03-02T09:00:00.123456789+08:00", true)]
    [InlineData("instant", "2026-03-02T09:00Z", false)]
    [InlineData("duration", "5d 1h", true)]
    [InlineData("duration", "999999999999s", true)]
    [InlineData("duration", "5d1h", false)]
    [InlineData("duration", "1000000000000d", false)]
    [InlineData("instant", "2026-03-02T10:00:00+08", true)]
    [InlineData("time", "+5d 1h", true)]
    [InlineData("time", "-2h", true)]
    [InlineData("time", "2026-03-02T10:00:00+08:00", true)]
    [InlineData("time", "2026-03-02T10:00Z", false)]
    [InlineData("time", "+5d\t1h", false)]
    public void Schema_patterns_take_what_the_reader_takes(string definition, string text, bool taken)
    {
        // Before: the schema took instants without seconds, durations without spaces and 13 digits, which the reader refuses.
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, ScenarioLibrary.SchemaFileName)));
        var node = schema.RootElement.GetProperty("definitions").GetProperty(definition);
        var pattern = node.TryGetProperty("pattern", out var direct) ? direct.GetString()! : node.GetProperty("anyOf")[0].GetProperty("pattern").GetString()!;
        var quoted = JsonSerializer.Serialize(definition == "duration" ? "+" + text : definition == "time" ? text : "+1h");
        var yaml = $"scenario: Pattern\nrule: R9\nstart: {(definition == "instant" ? text : "2026-03-02T09:00:00Z")}\nsteps:\n  - at: {quoted}\n    sweep: true\n";
        var read = () => ScenarioReader.Read(yaml, "pattern.yaml");

        Regex.IsMatch(text, pattern).Should().Be(taken, pattern);
        if (taken)
        {
            read.Should().NotThrow();
        }
        else
        {
            read.Should().Throw<ScenarioFormatException>();
        }
    }

    [Theory]
    [InlineData("R9", true)]
    [InlineData("r9", true)]
    [InlineData("R09, R10", true)]
    [InlineData("R0", false)]
    [InlineData("R33", true)]
    [InlineData("R033, R20", true)]
    [InlineData("R34", false)]
    [InlineData("R9, R99", false)]
    public void Schema_rule_pattern_takes_what_the_reader_takes(string rule, bool taken)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, ScenarioLibrary.SchemaFileName)));
        var pattern = schema.RootElement.GetProperty("properties").GetProperty("rule").GetProperty("anyOf")[1].GetProperty("pattern").GetString()!;
        var read = () => ScenarioReader.Read($"scenario: Rule\nrule: {rule}\nsteps:\n  - at: +1h\n    sweep: true\n", "rule.yaml");

        Regex.IsMatch(rule, pattern).Should().Be(taken, pattern);
        if (taken)
        {
            read.Should().NotThrow();
        }
        else
        {
            read.Should().Throw<ScenarioFormatException>();
        }
    }

    [Fact]
    public async Task Library_has_a_scenario_for_every_rule_R1_to_R33()
    {
        var named = ScenarioLibrary.FindFiles(Folder).Select(Path.GetFileName).ToArray();
        var unnamed = Enumerable.Range(1, 33)
            .Select(n => $"R{n:00}-")
            .Where(prefix => !named.Any(name => name!.StartsWith(prefix, StringComparison.Ordinal)));
        unnamed.Should().BeEmpty("every rule has a file named after it, R01-<what it shows>.yaml to R33-...");

        var covered = new HashSet<string>();
        foreach (var file in ScenarioLibrary.FindFiles(Folder))
        {
            var scenario = await ScenarioReader.ReadFileAsync(file);
            covered.UnionWith(scenario.Rules);
            var fileRule = Regex.Match(Path.GetFileName(file), @"^R(\d+)-");
            fileRule.Success.Should().BeTrue($"{file} is named after its rule, as R07-<what it shows>.yaml");
            scenario.Rules.Should().Contain("R" + int.Parse(fileRule.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), $"{file} shows the rule its name starts with");
        }

        var missing = Enumerable.Range(1, 33).Select(n => "R" + n).Where(rule => !covered.Contains(rule));
        missing.Should().BeEmpty("every rule of RULES.md has at least one scenario");
    }

    [Fact]
    public void Every_file_has_the_keys_the_schema_requires()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, ScenarioLibrary.SchemaFileName)));
        var required = Required(schema.RootElement);
        var stepRequired = Required(schema.RootElement.GetProperty("definitions").GetProperty("step"));
        required.Should().Contain(["scenario", "rule", "steps"]);
        stepRequired.Should().Contain("at");

        foreach (var file in ScenarioLibrary.FindFiles(Folder))
        {
            var text = File.ReadAllText(file);
            text.Should().StartWith("# yaml-language-server: $schema=./scenario.schema.json", $"{file} names the schema, so editors complete it");
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var keys = root.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
            keys.Should().Contain(required, $"{file} has every key the schema requires");
            foreach (var step in ((YamlSequenceNode)root.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>())
            {
                var stepKeys = step.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
                stepKeys.Should().Contain(stepRequired, $"the step at {file}:{step.Start.Line} has every key the schema requires");
            }
        }
    }

    private static string[] Required(JsonElement definition) =>
        definition.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToArray();
}
