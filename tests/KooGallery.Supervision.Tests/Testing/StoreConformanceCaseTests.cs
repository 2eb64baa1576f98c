using KooGallery.Supervision.Testing;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Testing;

/// <summary>
/// The framework-free conformance suite on its own, as an NUnit or MSTest project runs it: a wrong store fails a case
/// with a message naming what was checked, and a case that cannot run with the context given says so.
/// </summary>
public class StoreConformanceCaseTests
{
    private const string DamageCase = "ParkTimers_FlowWhoseStateCannotBeRead_IsParkedWithoutReadingIt";

    [Fact]
    public void Cases_EverySuiteCase_HasANameADescriptionAndIsNamedOnce()
    {
        var cases = ServiceFlowStoreConformance.Cases;

        cases.Should().HaveCount(28);
        cases.Select(c => c.Name).Should().OnlyHaveUniqueItems();
        cases.Should().AllSatisfy(c =>
        {
            c.Name.Should().MatchRegex("^[A-Za-z]+(_[A-Za-z]+){1,2}$", "names read Member_Scenario_Expectation");
            c.Description.Should().EndWith(".");
            c.ToString().Should().Be(c.Name);
        });
    }

    [Fact]
    public async Task RunAsync_StoreThatReadsRecordsBackwards_FailsNamingTheCheckAndWhatItFound()
    {
        var context = new StoreConformanceContext(_ => Task.FromResult<IServiceFlowStore>(new BackwardsStore(new InMemoryServiceFlowStore())));

        var run = () => Case("ReadRecords_AfterAStory_ReturnsEveryRecordInSequence").RunAsync(context);

        (await run.Should().ThrowAsync<StoreConformanceException>())
            .WithMessage("the sequence numbers of the records of C-6: expected [1, 2, 3, 4, 5, 6], found [6, 5, 4, 3, 2, 1].");
    }

    [Fact]
    public async Task RunAsync_StoreThatLosesARecordsText_FailsComparingTheRecordsInTheirStoredForm()
    {
        // Before: only the sequence, the actions and the delivery's references and instant were compared.
        var context = new StoreConformanceContext(_ => Task.FromResult<IServiceFlowStore>(new TextLosingStore(new InMemoryServiceFlowStore())));

        var run = () => Case("ReadRecords_AfterAStory_ReturnsEveryRecordInSequence").RunAsync(context);

        (await run.Should().ThrowAsync<StoreConformanceException>())
            .WithMessage("the records of C-6 in their stored form: expected*Please migrate the database.*found*");
    }

    [Fact]
    public async Task RunAsync_StoreWhoseSearchMisstatesAStage_FailsNamingTheSummary()
    {
        // Before: the search cases compared the order numbers found, never what the summaries said.
        var context = new StoreConformanceContext(_ => Task.FromResult<IServiceFlowStore>(new StageMisstatingStore(new InMemoryServiceFlowStore())));

        var run = () => Case("Search_EveryCriterionAndKeysetPaging_FindsExactlyTheMatchingFlows").RunAsync(context);

        (await run.Should().ThrowAsync<StoreConformanceException>()).WithMessage("the summary of S-* found by a search: expected*found*Stage = Closed*");
    }

    [Fact]
    public async Task RunAsync_CaseThatDamagesAFlowWithoutAWayToDoIt_FailsSayingWhatToSet()
    {
        var context = new StoreConformanceContext(_ => Task.FromResult<IServiceFlowStore>(new InMemoryServiceFlowStore()));

        var run = () => Case(DamageCase).RunAsync(context);

        (await run.Should().ThrowAsync<StoreConformanceException>())
            .WithMessage("*set StoreConformanceContext.DamageFlowState to run it*Set StoreConformanceContext.Skip*");
    }

    [Fact]
    public async Task RunAsync_CaseThatCannotRunWithASkipGiven_SkipsWithTheReason()
    {
        var reasons = new List<string>();
        var context = new StoreConformanceContext(_ => Task.FromResult<IServiceFlowStore>(new InMemoryServiceFlowStore()))
        {
            Skip = reason =>
            {
                reasons.Add(reason);
                throw new OperationCanceledException("skipped");
            },
        };

        var run = () => Case(DamageCase).RunAsync(context);

        await run.Should().ThrowAsync<OperationCanceledException>().WithMessage("skipped");
        reasons.Should().ContainSingle().Which.Should().Contain(nameof(StoreConformanceContext.DamageFlowState));
    }

    [Fact]
    public async Task RunAsync_EveryCaseAgainstTheInMemoryStore_PassesWithoutAnyTestFramework()
    {
        var context = new StoreConformanceContext(_ => Task.FromResult<IServiceFlowStore>(new InMemoryServiceFlowStore()))
        {
            DamageFlowState = (_, _, _) => Task.FromResult(false),
            Skip = _ => throw new InvalidOperationException("no case may need skipping here but the damage one"),
        };

        foreach (var conformanceCase in ServiceFlowStoreConformance.Cases.Where(c => c.Name != DamageCase))
        {
            await conformanceCase.RunAsync(context, TestContext.Current.CancellationToken);
        }
    }

    private static StoreConformanceCase Case(string name) => ServiceFlowStoreConformance.Cases.Single(c => c.Name == name);

    /// <summary>Reads every record without its text.</summary>
    private sealed class TextLosingStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        public override async ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) =>
            (await Inner.ReadRecordsAsync(orderNumber, cancellationToken)).Select(r => r with { Text = null }).ToList();
    }

    /// <summary>Finds the right flows, but says each is Closed.</summary>
    private sealed class StageMisstatingStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        public override async ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken)
        {
            var page = await Inner.SearchAsync(query, now, cancellationToken);
            return page with { Items = page.Items.Select(i => i with { Stage = Stage.Closed }).ToList() };
        }
    }

    /// <summary>Reads a flow's records newest first.</summary>
    private sealed class BackwardsStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        public override async ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) =>
            (await Inner.ReadRecordsAsync(orderNumber, cancellationToken)).Reverse().ToList();
    }
}
