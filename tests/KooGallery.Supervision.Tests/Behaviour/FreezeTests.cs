using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>R20: while an appeal is open every buyer and seller action is refused with Frozen, and nothing changes.</summary>
public class FreezeTests
{
    private static readonly Stage[] FreezableStages =
    [
        Stage.AwaitingRequest, Stage.RequestSubmitted, Stage.RequestReturned, Stage.InService,
        Stage.Delivered, Stage.DeliveryRejected, Stage.Accepted,
    ];

    /// <summary>Every buyer and seller action: each command type by its party, and OpenAppeal by either party.</summary>
    private static readonly (SupervisionAction Action, ActorRole Role)[] PartyActions =
    [
        (SupervisionAction.SubmitRequest, ActorRole.Buyer),
        (SupervisionAction.AcceptRequest, ActorRole.Seller),
        (SupervisionAction.ReturnRequest, ActorRole.Seller),
        (SupervisionAction.PostProgressUpdate, ActorRole.Seller),
        (SupervisionAction.Deliver, ActorRole.Seller),
        (SupervisionAction.AcceptDelivery, ActorRole.Buyer),
        (SupervisionAction.RejectDelivery, ActorRole.Buyer),
        (SupervisionAction.SendReminder, ActorRole.Buyer),
        (SupervisionAction.OpenAppeal, ActorRole.Buyer),
        (SupervisionAction.OpenAppeal, ActorRole.Seller),
    ];

    public static TheoryData<Stage, SupervisionAction, ActorRole> StageByAction()
    {
        var data = new TheoryData<Stage, SupervisionAction, ActorRole>();
        foreach (var stage in FreezableStages)
        {
            foreach (var (action, role) in PartyActions)
            {
                data.Add(stage, action, role);
            }
        }

        return data;
    }

    private static Actor PartyOf(ActorRole role) => role == ActorRole.Buyer ? TestHost.Buyer : TestHost.Seller;

    [Theory]
    [MemberData(nameof(StageByAction))]
    public async Task R20_ExecuteAsync_AnyPartyActionWhileFrozen_IsFrozenAndChangesNothing(Stage stage, SupervisionAction action, ActorRole role)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();
        before.Flow!.IsFrozen.Should().BeTrue();

        var result = await host.RunAsync(Scenario.Command(action, host.NextCommandId(), PartyOf(role)));

        result.IsSuccess.Should().BeFalse();
        result.Error!.Code.Should().Be(SupervisionErrorCode.Frozen);
        result.Error.Message.Should().Contain("appeal").And.Contain("being handled");
        result.Error.Stage.Should().Be(stage);
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(StageByAction))]
    public async Task R20_ExecuteAsync_PartyActionWhileFrozenWithInvalidInput_IsStillFrozen(Stage stage, SupervisionAction action, ActorRole role)
    {
        // The freeze is the answer even when the input would also be invalid: an appeal is being handled.
        var host = new TestHost();
        await host.FlowInStageAsync(stage);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(Scenario.Command(action, host.NextCommandId(), PartyOf(role), text: new string('x', 10_001)));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Frozen);
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task R20_GetPermittedActionsAsync_WhileFrozen_PartiesHaveNoActionAndTheManagerMayDecide(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);
        await host.SellerAppealAsync();

        var buyer = await host.Supervisor.GetPermittedActionsAsync("ORD-1", TestHost.Buyer);
        var seller = await host.Supervisor.GetPermittedActionsAsync("ORD-1", TestHost.Seller);
        var manager = await host.Supervisor.GetPermittedActionsAsync("ORD-1", TestHost.Manager);

        buyer.Value.Should().BeEmpty();
        seller.Value.Should().BeEmpty();
        manager.Value.Should().Equal(SupervisionAction.DecideAppeal);
    }

    public static TheoryData<Stage> Stages() => new(FreezableStages);

    [Fact]
    public async Task R20_OpenAppeal_ByBuyerWhoseConditionHoldsWhileFrozen_IsFrozen()
    {
        // The buyer could appeal (3 request rejections), but the seller's appeal is open: a second appeal is refused.
        var host = new TestHost();
        await Scenario.PrepareAsync(host, SupervisionAction.OpenAppeal);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new OpenAppeal("second", "ORD-1", TestHost.Buyer, "Three returns in a row."));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Frozen);
        await host.ShouldBeUnchangedAsync(before);
        (await host.FlowAsync()).Appeal!.OpenedBy.Should().Be(TestHost.Seller);
    }

    [Fact]
    public async Task R20_ExecuteAsync_AfterTheAppealIsDecided_PartiesMayActAgain()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        var frozen = await host.RunAsync(new PostProgressUpdate("u1", "ORD-1", TestHost.Seller, "Half done."));

        await host.DecideAsync(AppealOutcome.Resume);
        var resumed = await host.RunAsync(new PostProgressUpdate("u2", "ORD-1", TestHost.Seller, "Half done."));

        frozen.Error!.Code.Should().Be(SupervisionErrorCode.Frozen);
        resumed.IsSuccess.Should().BeTrue(resumed.ToString());
    }

    [Fact]
    public async Task R20_ExecuteAsync_RetryOfACommandAcceptedBeforeTheFreeze_IsStillAReplay()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var update = new PostProgressUpdate("before-freeze", "ORD-1", TestHost.Seller, "Half done.");
        var first = await host.MustAsync(update);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var retry = await host.RunAsync(update);

        retry.Value.Should().Be(first with { IsReplay = true });
        await host.ShouldBeUnchangedAsync(before);
    }
}
