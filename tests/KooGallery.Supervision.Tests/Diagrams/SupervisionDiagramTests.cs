using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Diagrams;

public class SupervisionDiagramTests
{
    [Fact]
    public void ToMermaid_ReadmeCopy_MatchesTheGeneratedDiagram()
    {
        var readme = File.ReadAllText(Repository.File("README.md")).Replace("\r\n", "\n");
        const string start = "<!-- diagram:start -->\n```mermaid\n";
        const string end = "```\n<!-- diagram:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        from.Should().BeGreaterThan(0, "the README marks its diagram with diagram:start and diagram:end");
        to.Should().BeGreaterThan(from);

        var copy = readme[(from + start.Length)..to];

        copy.Should().Be(SupervisionDiagram.ToMermaid(),
            "the README's diagram must be the generated one: run `dotnet run --project samples/KooGallery.Supervision.Demo -- --diagram mermaid` and paste it");
    }

    [Fact]
    public void ToDot_DocsCopy_MatchesTheGeneratedDiagram()
    {
        var copy = File.ReadAllText(Repository.File("docs", "supervision.dot")).Replace("\r\n", "\n");

        copy.Should().Be(SupervisionDiagram.ToDot(),
            "docs/supervision.dot must be the generated one: run `dotnet run --project samples/KooGallery.Supervision.Demo -- --diagram dot > docs/supervision.dot`");
    }

    [Fact]
    public void ToMermaid_ShowsEveryStageAndTheGuardsOfTheRules()
    {
        var mermaid = SupervisionDiagram.ToMermaid();

        foreach (var stage in Enum.GetValues<Stage>())
        {
            mermaid.Should().Contain(stage.ToString());
        }

        mermaid.Should().Contain("no open appeal (R20)").And.Contain("appeal conditions hold (R21, R22)").And.Contain("reminder interval passed (R17)");
    }
}
