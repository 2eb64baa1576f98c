using KooGallery.Supervision.Exploration;

namespace KooGallery.Supervision.Tests.Exploration;

/// <summary>
/// The explorer run on the default policy and on a changed one, to a depth that reaches every stage, an appeal in
/// every open stage and every decision outcome: no invariant may break. And a rule that is false on purpose (given
/// as an invariant of our own, since the library's code cannot be broken from a test) is caught with its shortest
/// counterexample.
/// </summary>
public class SupervisionExplorerTests(ITestOutputHelper output)
{
    /// <summary>Every stage a flow with a request step can be in.</summary>
    private static readonly Stage[] AllStages = Enum.GetValues<Stage>();

    /// <summary>Every stage an appeal can freeze (R20): all but the final ones.</summary>
    private static readonly Stage[] OpenStages = [.. AllStages.Where(s => s is not Stage.Completed and not Stage.Closed)];

    /// <summary>
    /// Other numbers, and the older process where a seller appeals only under the buyer's conditions (R22) and no
    /// appeal is opened once the delivery is accepted.
    /// </summary>
    public static SupervisionPolicy ChangedPolicy { get; } = new()
    {
        Version = "changed",
        CompletionDelay = Duration.FromHours(1),
        StallAfter = Duration.FromDays(2),
        ReminderInterval = Duration.FromHours(12),
        RequestRejectionsForAppeal = 2,
        DeliveryRejectionsForAppeal = 2,
        SellerAppeal = SellerAppealRule.MirrorBuyerConditions,
        AppealWhileAccepted = false,
    };

#if !SUPERVISION_MUTATION
    // The two explorations to depth 10 take about 30 seconds together; a mutation run (scripts/mutation.sh, docs/testing.md)
    // would spend them on every mutant of the machine, so it builds without them. CI and `dotnet test` run them.
    [Fact]
    public async Task ExploreAsync_DefaultPolicyToDepth10_ReachesEveryStageAndOutcomeAndBreaksNoInvariant()
    {
        // Depth 10 reaches an appeal on three rejected deliveries (the longest appeal condition) and its decision.
        var report = await new SupervisionExplorer(new ExplorationOptions { MaxDepth = 10 }).ExploreAsync();

        Print(report);
        report.StoppedAtStateLimit.Should().BeFalse();
        report.StagesReached.Should().BeEquivalentTo(AllStages);
        report.FrozenStagesReached.Should().BeEquivalentTo(OpenStages);
        report.DecisionOutcomesReached.Should().BeEquivalentTo(Enum.GetValues<AppealOutcome>());
        report.Violations.Should().BeEmpty(because: string.Join(Environment.NewLine, report.Violations.Select(v => v.ToScenario())));
    }

    [Fact]
    public async Task ExploreAsync_ChangedPolicyToDepth10_ReachesEveryStageAndOutcomeAndBreaksNoInvariant()
    {
        var report = await new SupervisionExplorer(new ExplorationOptions { Policy = ChangedPolicy, MaxDepth = 10 }).ExploreAsync();

        Print(report);
        report.StoppedAtStateLimit.Should().BeFalse();
        report.StagesReached.Should().BeEquivalentTo(AllStages);

        // AppealWhileAccepted = false: no appeal freezes an accepted flow.
        report.FrozenStagesReached.Should().BeEquivalentTo(OpenStages.Where(s => s != Stage.Accepted));
        report.DecisionOutcomesReached.Should().BeEquivalentTo(Enum.GetValues<AppealOutcome>());
        report.Violations.Should().BeEmpty(because: string.Join(Environment.NewLine, report.Violations.Select(v => v.ToScenario())));
    }

#endif

    [Fact]
    public async Task ExploreAsync_ProductWithoutRequestStep_StartsInServiceAndBreaksNoInvariant()
    {
        var report = await new SupervisionExplorer(new ExplorationOptions { ProductKind = ProductKind.License, MaxDepth = 6 }).ExploreAsync();

        Print(report);
        report.StagesReached.Should().NotContain([Stage.AwaitingRequest, Stage.RequestSubmitted, Stage.RequestReturned]);
        report.StagesReached.Should().Contain([Stage.InService, Stage.Delivered, Stage.DeliveryRejected, Stage.Accepted, Stage.Completed, Stage.Closed]);
        report.Violations.Should().BeEmpty(because: string.Join(Environment.NewLine, report.Violations.Select(v => v.ToScenario())));
    }

    [Fact]
    public async Task ExploreAsync_RuleThatIsFalse_ReportsItsShortestCounterexampleAsAScenario()
    {
        // A rule that does not hold: "the buyer never appeals". The buyer may appeal once the seller has stalled
        // (R21), so the shortest counterexample is: submit the request, let the seller stall, appeal.
        var options = new ExplorationOptions { MaxDepth = 4 };
        options.Invariants.Add(new ExplorationInvariant("buyer-never-appeals",
            view => view.Appeal is { OpenedBy.Role: ActorRole.Buyer } ? $"the buyer opened an appeal in {view.Appeal.FrozenStage}" : null));

        var report = await new SupervisionExplorer(options).ExploreAsync();

        var violation = report.Violations.Should().ContainSingle().Subject;
        output.WriteLine(violation.ToScenario());
        violation.Invariant.Should().Be("buyer-never-appeals");
        violation.Message.Should().Be("the buyer opened an appeal in RequestSubmitted");
        violation.Path.Select(s => s.Step).Should().Equal(
            new ActionStep(ExplorerActor.Buyer, SupervisionAction.SubmitRequest),
            new TimeStep(ExplorationThreshold.Stall, Duration.Zero),
            new ActionStep(ExplorerActor.Buyer, SupervisionAction.OpenAppeal));
        var stalledAt = Duration.FromDays(5) + Duration.Epsilon;
        violation.Path.Select(s => s.At).Should().Equal(Duration.Zero, stalledAt, stalledAt);
        violation.Path.Should().OnlyContain(s => s.Succeeded);
        violation.ToScenario().Should().Be(
            """
            # Counterexample found by SupervisionExplorer: the shortest sequence of steps that breaks the invariant.
            name: "counterexample: buyer-never-appeals"
            policy: "default"
            product-kind: professional-service
            start: 2026-03-02T09:00:00Z
            steps:
              - at: +0
                actor: buyer
                action: submit-request
                command-id: "c1"
                text: "Please migrate our order database to the new cluster."
                expect: ok
                stage: RequestSubmitted
              - at: +5d 1ns
                actor: system
                action: sweep
                # time step to stall, then a sweep of the due timers
                expect: ok
                stage: RequestSubmitted
              - at: +5d 1ns
                actor: buyer
                action: open-appeal
            """.ReplaceLineEndings("\n") + "\n" + ScenarioTail(violation.Path[2].CommandId!));
    }

    [Theory]
    [InlineData("a: b")]
    [InlineData("line\nbreak")]
    [InlineData("- dash")]
    public async Task ExploreAsync_AnInvariantNamedWithYamlSyntax_IsWrittenSoTheScenarioReadsBack(string name)
    {
        // Before: the name was written bare after "violates:", so "a: b" made the counterexample invalid YAML.
        var options = new ExplorationOptions { MaxDepth = 2 };
        options.Invariants.Add(new ExplorationInvariant(name, view => view.Stage == Stage.RequestSubmitted ? "submitted" : null));

        var violation = (await new SupervisionExplorer(options).ExploreAsync()).Violations.Should().ContainSingle().Subject;
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(violation.ToScenario()));

        var steps = (YamlDotNet.RepresentationModel.YamlSequenceNode)((YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode)["steps"];
        var last = (YamlDotNet.RepresentationModel.YamlMappingNode)steps.Children[^1];
        ((YamlDotNet.RepresentationModel.YamlScalarNode)last["violates"]).Value.Should().Be(name);
    }

    [Fact]
    public async Task ExploreAsync_EveryInvariantOfItsOwn_IsCheckedOnTheCreatedFlowToo()
    {
        var options = new ExplorationOptions { MaxDepth = 0 };
        options.Invariants.Add(new ExplorationInvariant("never-awaiting-request",
            view => view.Stage == Stage.AwaitingRequest ? "the flow awaits its request" : null));

        var report = await new SupervisionExplorer(options).ExploreAsync();

        report.States.Should().Be(1);
        report.Transitions.Should().Be(0);
        var violation = report.Violations.Should().ContainSingle().Subject;
        violation.Path.Should().BeEmpty();
        violation.ToScenario().Should().EndWith("steps:\n");
    }

    [Fact]
    public void ExplorationOptions_OutOfRange_AreRefusedNamingTheOption()
    {
        new Action(() => _ = new SupervisionExplorer(new ExplorationOptions { MaxDepth = -1 }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(ExplorationOptions.MaxDepth));
        new Action(() => _ = new SupervisionExplorer(new ExplorationOptions { Policy = new SupervisionPolicy { EffectiveFrom = Instant.FromUtc(2030, 1, 1, 0, 0) } }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(ExplorationOptions.Start));
        var options = new ExplorationOptions();
        options.Invariants.Add(new ExplorationInvariant(InvariantNames.IdleTimeNeverNegative, _ => null));
        new Action(() => _ = new SupervisionExplorer(options))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(ExplorationOptions.Invariants));
        options = new ExplorationOptions();
        options.Actors.Clear();
        new Action(() => _ = new SupervisionExplorer(options))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(ExplorationOptions.Actors));
    }

    private static string ScenarioTail(string commandId) =>
        $"""
            command-id: "{commandId}"
            reason: "We cannot agree; please decide."
            expect: ok
            stage: RequestSubmitted
            frozen: true
            violates: buyer-never-appeals
            detail: "the buyer opened an appeal in RequestSubmitted"

        """.ReplaceLineEndings("\n");

    private void Print(ExplorationReport report)
    {
        output.WriteLine(report.ToString());
        foreach (var violation in report.Violations)
        {
            output.WriteLine(violation.ToScenario());
        }
    }
}
