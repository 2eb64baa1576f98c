using System.Text.RegularExpressions;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Docs;

/// <summary>
/// docs/rules.md names R1 to R33, and under each rule where the code enforces it (In code), the test files with a
/// test named after it (Tests) and the scenario files that name it (Scenarios): the last two are exactly what the
/// repository holds, so the page cannot drift from the tests and scenarios.
/// </summary>
public partial class RulesDocTests
{
    private static readonly string RulesPath = Repository.File("docs", "rules.md");

    [Fact]
    public void RulesDoc_NamesEveryRule_R1ToR33InOrder()
    {
        var ids = Rules().Select(rule => rule.Id);

        ids.Should().Equal(Enumerable.Range(1, 33));
    }

    [Fact]
    public void RulesDoc_InCode_CitesFilesThatExist()
    {
        foreach (var rule in Rules())
        {
            var files = Links(rule, "In code");

            files.Should().NotBeEmpty($"R{rule.Id} says where the code enforces it (a line \"  - In code: ...\")");
            foreach (var file in files)
            {
                Path.Exists(Repository.File(file)).Should().BeTrue($"R{rule.Id} cites {file} in code, which must exist");
            }
        }
    }

    [Fact]
    public void RulesDoc_Tests_AreExactlyTheTestFilesNamedAfterTheRule()
    {
        var testFiles = Directory.EnumerateFiles(Repository.File("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file))
            .Select(file => (Path: RepositoryPath(file), Text: File.ReadAllText(file)))
            .ToList();

        foreach (var rule in Rules())
        {
            // Every id of a name's leading run counts: R30_R15_... checks R30 and R15.
            var named = new Regex($@"\b(void|Task) (R\d+_)*R{rule.Id}_");
            var expected = testFiles.Where(file => named.IsMatch(file.Text)).Select(file => file.Path).Order(StringComparer.Ordinal).ToList();

            expected.Should().NotBeEmpty($"every rule has a test named after it (R{rule.Id}_...)");
            Links(rule, "Tests").Should().BeEquivalentTo(expected,
                $"R{rule.Id} lists the test files with a test named R{rule.Id}_...; write:\n  - Tests: {LinkList(expected)}");
        }
    }

    [Fact]
    public void RulesDoc_Scenarios_AreExactlyTheScenarioFilesThatNameTheRule()
    {
        var scenarios = Directory.EnumerateFiles(Repository.File("docs", "scenarios"), "*.yaml")
            .Select(file => (Path: RepositoryPath(file), Rules: ScenarioRules(File.ReadAllText(file))))
            .ToList();

        foreach (var rule in Rules())
        {
            var expected = scenarios.Where(file => file.Rules.Contains(rule.Id)).Select(file => file.Path).Order(StringComparer.Ordinal).ToList();

            expected.Should().NotBeEmpty($"every rule has a scenario in docs/scenarios whose rule: names R{rule.Id}");
            Links(rule, "Scenarios").Should().BeEquivalentTo(expected,
                $"R{rule.Id} lists the scenario files whose rule: names it; write:\n  - Scenarios: {LinkList(expected)}");
        }
    }

    [Fact]
    public void CorePackageReadme_ListsTheRules_ByTheirNamesInRulesDoc()
    {
        var readme = File.ReadAllText(Repository.File("src", "KooGallery.Supervision", "README.md")).Replace("\r\n", "\n");
        var section = readme[readme.IndexOf("## The rules", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var listed = ReadmeRule().Matches(Regex.Replace(section, @"\s+", " "))
            .Select(match => $"R{match.Groups[1].Value} {match.Groups[2].Value.Trim()}");

        listed.Should().Equal(Rules().Select(rule => $"R{rule.Id} {rule.Name}"),
            "the package's README lists every rule by the name docs/rules.md gives it");
    }

    [Fact]
    public void XmlDocumentation_CitesRules_ByNameAndId()
    {
        var bare = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Repository.File("src"), "*.cs", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(Repository.Root, file);
            if (IsBuildOutput(file))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal) && BareCitation().IsMatch(lines[i]))
                {
                    bare.Add($"{path}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        string.Join('\n', bare).Should().BeEmpty("a package user cannot look up a bare rule id: cite it with its name, as in \"(the appeal freeze, R20)\"");
    }

    private sealed record Rule(int Id, string Name, IReadOnlyList<string> Lines);

    private static List<Rule> Rules()
    {
        var lines = File.ReadAllLines(RulesPath);
        var rules = new List<Rule>();
        for (var i = 0; i < lines.Length; i++)
        {
            var start = RuleStart().Match(lines[i]);
            if (!start.Success)
            {
                continue;
            }

            var block = new List<string> { lines[i] };
            for (var j = i + 1; j < lines.Length && !RuleStart().IsMatch(lines[j]) && (lines[j].Length == 0 || lines[j][0] == ' '); j++)
            {
                block.Add(lines[j]);
            }

            rules.Add(new Rule(int.Parse(start.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), start.Groups[2].Value, block));
        }

        return rules;
    }

    /// <summary>The repository paths of the links on the rule's line "  - {label}: ...".</summary>
    private static List<string> Links(Rule rule, string label)
    {
        var lines = rule.Lines.Where(line => line.StartsWith($"  - {label}: ", StringComparison.Ordinal)).ToList();
        lines.Should().HaveCount(1, $"R{rule.Id} has one line \"  - {label}: ...\"");
        // Files of the repository outside docs/ are named by their path from the repository's root, in code style
        // (a link would have to climb out of docs/); the scenarios beside this page are linked.
        return Link().Matches(lines[0])
            .Select(match => RepositoryPath(Path.GetFullPath(Path.Combine(Repository.Root, "docs", match.Groups[1].Value))))
            .Concat(CodePath().Matches(lines[0]).Select(match => RepositoryPath(Path.GetFullPath(Path.Combine(Repository.Root, match.Groups[1].Value)))))
            .ToList();
    }

    private static string LinkList(IEnumerable<string> paths) => string.Join(", ", paths.Select(path =>
        path.StartsWith("docs/", StringComparison.Ordinal)
            ? $"[{Path.GetFileNameWithoutExtension(path)}]({Path.GetRelativePath(Repository.File("docs"), Repository.File(path)).Replace('\\', '/')})"
            : $"`{path}`"));

    private static HashSet<int> ScenarioRules(string yaml)
    {
        var line = ScenarioRuleLine().Match(yaml);
        line.Success.Should().BeTrue("every scenario names its rule");
        return RuleId().Matches(line.Groups[1].Value).Select(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
    }

    private static string RepositoryPath(string file) => Path.GetRelativePath(Repository.Root, file).Replace('\\', '/');

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    [GeneratedRegex(@"^- \*\*R(\d+) ([^*]+?)\.\*\*")]
    private static partial Regex RuleStart();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`([^`\s]+)`")]
    private static partial Regex CodePath();

    [GeneratedRegex(@"^rule:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex ScenarioRuleLine();

    [GeneratedRegex(@"\bR(\d+)\b")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"\bR(\d+) ([A-Z][^,.]*)")]
    private static partial Regex ReadmeRule();

    [GeneratedRegex(@"\(R\d+((, | and | to )R\d+)*\)")]
    private static partial Regex BareCitation();
}
