using System.Text.RegularExpressions;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Diagrams;

public class SupervisionOverviewDiagramTests
{
    [Fact]
    public void ToOverviewMermaid_ReadmeCopy_MatchesTheGeneratedDiagram()
    {
        var readme = File.ReadAllText(Repository.File("README.md")).Replace("\r\n", "\n");
        const string start = "<!-- overview:start -->\n```mermaid\n";
        const string end = "```\n<!-- overview:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        from.Should().BeGreaterThan(0, "the README marks its overview with overview:start and overview:end");
        to.Should().BeGreaterThan(from);

        var copy = readme[(from + start.Length)..to];

        copy.Should().Be(SupervisionDiagram.ToOverviewMermaid(),
            "the README's overview must be the generated one: run scripts/update-diagrams.sh");
    }

    [Fact]
    public void ToOverviewMermaid_ReadmeShowsTheOverviewBeforeTheFullDiagram()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));

        readme.IndexOf("<!-- overview:start -->", StringComparison.Ordinal)
            .Should().BeLessThan(readme.IndexOf("<!-- diagram:start -->", StringComparison.Ordinal));
    }

    [Fact]
    public void ToOverviewMermaid_DrawsTheAppealOnceAndEveryStage()
    {
        var overview = SupervisionDiagram.ToOverviewMermaid();

        foreach (var stage in Enum.GetValues<Stage>())
        {
            overview.Should().Contain(stage.ToString());
        }

        Regex.Matches(overview, "OpenAppeal").Should().ContainSingle("the appeal is drawn once, from any open stage");
        overview.Should().Contain("AnyOpenStage --> AppealOpen : OpenAppeal (buyer or seller)")
            .And.Contain("AppealOpen --> Completed : Complete (operations manager)")
            .And.Contain("AppealOpen --> Closed : Close (operations manager)")
            .And.Contain("Resume / ReturnTo / Complete / Close");
    }

    [Fact]
    public void ToOverviewMermaid_IsFarSmallerThanTheFullDiagram()
    {
        static int Transitions(string mermaid) => mermaid.Split('\n').Count(line => line.Contains("-->", StringComparison.Ordinal));

        var overview = Transitions(SupervisionDiagram.ToOverviewMermaid());
        var full = Transitions(SupervisionDiagram.ToMermaid());

        overview.Should().BeLessThan(full / 2, $"the overview has {overview} arrows, the full diagram {full}");
    }
}
