using KooGallery.Supervision.Tests.Rules;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Exploration;

/// <summary>
/// Defects of the library found by the explorer's random walks (<see cref="RandomWalkTests"/>). Each test states the
/// behaviour the rules ask for and fails until the library is fixed; the library is not changed from here.
/// </summary>
public class FoundDefectTests
{
    /// <summary>
    /// Counterexample (a random walk, shrunk by CsCheck):
    /// <code>
    /// - at: +0
    ///   actor: seller
    ///   action: open-appeal        # ok: AwaitingRequest, frozen; the manager's permitted actions are [DecideAppeal]
    /// - at: +0
    ///   actor: operations-manager
    ///   action: decide-appeal
    ///   outcome: return-to
    ///   return-to: AwaitingRequest
    ///   expect: refused NotPermittedInStage, "DecideAppeal is not permitted in stage AwaitingRequest. You may now: DecideAppeal."
    /// </code>
    /// A ReturnTo naming no earlier stage than the frozen one is invalid input, refused as Validation naming ReturnTo
    /// and the stages it may name in every other frozen stage (R24_ReturnTo_must_name_an_earlier_stage,
    /// R24_DecideAppeal_ReturnToARequestStageOfAFlowWithoutRequestStep_IsValidation). Frozen in AwaitingRequest, where no
    /// stage is earlier, the machine's stage check (ReturnAfterAppeal is not configured there) answers first: the action
    /// is refused as not permitted in the stage while the same error lists it as permitted (R27, R28).
    /// </summary>
    [Fact]
    public async Task R24_R27_DecideAppeal_ReturnToOnAFlowFrozenInAwaitingRequest_IsValidationLikeInEveryOtherStage()
    {
        var host = new TestHost();
        await host.CreateAsync();
        await host.SellerAppealAsync();
        (await host.Supervisor.GetPermittedActionsAsync("ORD-1", TestHost.Manager)).Value.Should().Equal(SupervisionAction.DecideAppeal);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal(host.NextCommandId(), "ORD-1", TestHost.Manager, "Back to the start.", AppealOutcome.ReturnTo, Stage.AwaitingRequest));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(DecideAppeal.ReturnTo));
        (await host.SnapshotAsync()).Should().Be(before);
    }
}
