using CsCheck;
using KooGallery.Supervision.Exploration;

namespace KooGallery.Supervision.Tests.Exploration;

/// <summary>
/// Long random walks beyond the explored depth: sequences of up to 60 steps (an action by some actor, or time to some
/// threshold), each run on a new flow with every invariant checked after every step. CsCheck shrinks a failing walk to
/// a short one, which the failure shows as a scenario.
/// </summary>
public class RandomWalkTests(ITestOutputHelper output)
{
    private static readonly SupervisionAction[] CallerActions =
    [
        SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest, SupervisionAction.ReturnRequest,
        SupervisionAction.PostProgressUpdate, SupervisionAction.Deliver, SupervisionAction.AcceptDelivery,
        SupervisionAction.RejectDelivery, SupervisionAction.SendReminder, SupervisionAction.OpenAppeal,
        SupervisionAction.DecideAppeal,
    ];

    private static readonly Stage[] OpenStages =
    [
        Stage.AwaitingRequest, Stage.RequestSubmitted, Stage.RequestReturned, Stage.InService,
        Stage.Delivered, Stage.DeliveryRejected, Stage.Accepted,
    ];

    /// <summary>
    /// An action, usually by the actor whose action it is (so that walks get somewhere), sometimes by anyone; a decision
    /// with any outcome, a ReturnTo naming any open stage (one not earlier than the frozen stage is refused as invalid
    /// input, which the walk allows).
    /// </summary>
    private static readonly Gen<ExplorationStep> Action = Gen.Select(
        Gen.Int[0, CallerActions.Length - 1], Gen.Int[0, 9], Gen.Enum<ExplorerActor>(), Gen.Enum<AppealOutcome>(), Gen.Int[0, OpenStages.Length - 1], Gen.Bool,
        ExplorationStep (int action, int owner, ExplorerActor anyone, AppealOutcome outcome, int stage, bool reset) =>
        {
            var chosen = CallerActions[action];
            var actor = owner < 9 ? OwnerOf(chosen, owner) : anyone;
            return new ActionStep(actor, chosen)
            {
                Outcome = outcome,
                ReturnTo = outcome == AppealOutcome.ReturnTo ? OpenStages[stage] : null,
                ResetRejectionCounts = reset && outcome is AppealOutcome.Resume or AppealOutcome.ReturnTo,
            };
        });

    /// <summary>Time to a threshold: one nanosecond before, at, or one after.</summary>
    private static readonly Gen<ExplorationStep> Time = Gen.Select(Gen.Enum<ExplorationThreshold>(), Gen.Int[-1, 1],
        ExplorationStep (ExplorationThreshold threshold, int offset) => new TimeStep(threshold, Duration.Epsilon * offset));

#if SUPERVISION_MUTATION
    /// <summary>A mutation run (docs/testing.md) runs the walks on every mutant: 100 walks there, 1,000 in CI.</summary>
    private const int Iterations = 100;
#else
    private const int Iterations = 1_000;
#endif

    private static readonly Gen<ExplorationStep[]> Walks = Gen.Frequency((3, Action), (1, Time)).Array[1, 60];

    [Fact]
    public async Task WalkAsync_RandomWalksUnderTheDefaultPolicy_BreakNoInvariant() =>
        await Walks.SampleAsync(WalkOn(new SupervisionExplorer()), output.WriteLine, iter: Iterations, threads: 1, print: Print);

    [Fact]
    public async Task WalkAsync_RandomWalksUnderAChangedPolicy_BreakNoInvariant() =>
        await Walks.SampleAsync(WalkOn(new SupervisionExplorer(new ExplorationOptions { Policy = SupervisionExplorerTests.ChangedPolicy })),
            output.WriteLine, iter: Iterations, threads: 1, print: Print);

    [Fact]
    public async Task WalkAsync_RuleThatIsFalse_IsShrunkToAShortWalk()
    {
        // "No flow is ever closed" does not hold: the seller may appeal at any time (R22) and an operations manager
        // may close (R24). CsCheck finds a walk that breaks it and shrinks it.
        var options = new ExplorationOptions();
        options.Invariants.Add(new ExplorationInvariant("never-closed", view => view.Stage == Stage.Closed ? "the flow was closed" : null));
        var explorer = new SupervisionExplorer(options);
        WalkReport? shortest = null;

        var sample = async () => await Walks.SampleAsync(async steps =>
        {
            var report = await explorer.WalkAsync(steps);
            if (!report.Passed && (shortest is null || report.Steps.Count < shortest.Steps.Count))
            {
                shortest = report;
            }

            return report.Passed;
        }, iter: 3_000, threads: 1, print: Print);

        await sample.Should().ThrowAsync<CsCheckException>();
        output.WriteLine(shortest!.Violation!.ToScenario());
        shortest.Violation.Invariant.Should().Be("never-closed");
        shortest.Steps[^1].Step.Should().BeOfType<ActionStep>().Which.Outcome.Should().Be(AppealOutcome.Close);

        // The shortest such walk has two steps (the seller appeals, a manager closes); shrinking gets close to it.
        shortest.Steps.Count.Should().BeLessThanOrEqualTo(8);
    }

    /// <summary>Runs a walk and fails with its counterexample, written as a scenario, when an invariant breaks.</summary>
    private static Func<ExplorationStep[], Task> WalkOn(SupervisionExplorer explorer) => async steps =>
    {
        var report = await explorer.WalkAsync(steps);
        if (report.Violation is { } violation)
        {
            throw new InvalidOperationException(violation.ToScenario());
        }
    };

    private static ExplorerActor OwnerOf(SupervisionAction action, int pick) => action switch
    {
        SupervisionAction.SubmitRequest or SupervisionAction.AcceptDelivery or SupervisionAction.RejectDelivery or SupervisionAction.SendReminder => ExplorerActor.Buyer,
        SupervisionAction.OpenAppeal => pick % 2 == 0 ? ExplorerActor.Buyer : ExplorerActor.Seller,
        SupervisionAction.DecideAppeal => ExplorerActor.OperationsManager,
        _ => ExplorerActor.Seller,
    };

    private static string Print(ExplorationStep[] steps) => string.Join(Environment.NewLine, steps.Select(s => s.ToString()));
}
