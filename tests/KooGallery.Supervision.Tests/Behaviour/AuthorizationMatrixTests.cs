using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>R1, R27: every action by every kind of actor; only the rightful role passes.</summary>
public class AuthorizationMatrixTests
{
    public static TheoryData<SupervisionAction, Who> ActionByActor()
    {
        var data = new TheoryData<SupervisionAction, Who>();
        foreach (var action in Scenario.CommandActions)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(action, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ActionByActor))]
    public async Task R1_ExecuteAsync_ActionByActor_OnlyTheRightfulRolePasses(SupervisionAction action, Who who)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, action);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(Scenario.Command(action, host.NextCommandId(), Scenario.ActorOf(who)));

        if (Scenario.IsRightful(action, who))
        {
            result.IsSuccess.Should().BeTrue(result.ToString());
            result.Value.Action.Should().Be(action);
            (await host.FlowAsync()).Version.Should().Be(before.Flow!.Version + 1);
            var last = (await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None))[^1];
            last.ActorId.Should().Be(Scenario.ActorOf(who).Id);
            last.ActorRole.Should().Be(Scenario.ActorOf(who).Role);
            return;
        }

        result.IsSuccess.Should().BeFalse();
        result.Error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
        result.Error.Reason.Should().Be(who switch { Who.OtherBuyer or Who.OtherSeller => "NotAParty", Who.System => "SystemRoleReserved", _ => "WrongRole" });
        if (result.Error.Reason == "WrongRole")
        {
            // The refusal names the role that may act instead.
            var rightful = action == SupervisionAction.OpenAppeal ? "the buyer or the seller" : Scenario.RightfulActor(action).Role switch
            {
                ActorRole.Buyer => "the buyer",
                ActorRole.Seller => "the seller",
                _ => "an operations manager",
            };
            result.Error.Message.Should().EndWith($"; only {rightful} may.");
            // The refusal names the caller's role with its article (before: "A operations manager may not ...").
            result.Error.Message.Should().StartWith(who == Who.OperationsManager ? "An operations manager may not " : "A ");
        }

        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(Who.OtherBuyer)]
    [InlineData(Who.OtherSeller)]
    public async Task R1_ExecuteAsync_StrangerOnAFrozenFlow_IsForbiddenNotAPartyRatherThanFrozen(Who who)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new OpenAppeal("stranger", "ORD-1", Scenario.ActorOf(who), "Not my order."));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
        result.Error.Reason.Should().Be("NotAParty");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(Who.Buyer)]
    [InlineData(Who.Seller)]
    public async Task R1_ExecuteAsync_PartyOfAnotherFlow_IsForbiddenNotAParty(Who who)
    {
        // The same ids are parties of ORD-1 but not of ORD-2 (another buyer and seller).
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.CreateAsync(TestHost.Order("ORD-2") with { BuyerId = TestHost.OtherBuyer.Id, SellerId = TestHost.OtherSeller.Id });
        var before = await host.SnapshotAsync("ORD-2");

        var action = who == Who.Buyer ? SupervisionAction.SubmitRequest : SupervisionAction.PostProgressUpdate;
        var result = await host.RunAsync(Scenario.Command(action, "foreign", Scenario.ActorOf(who), "ORD-2"));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
        result.Error.Reason.Should().Be("NotAParty");
        await host.ShouldBeUnchangedAsync(before, "ORD-2");
    }

    [Theory]
    [InlineData(Who.Buyer, true)]
    [InlineData(Who.Seller, true)]
    [InlineData(Who.OperationsManager, true)]
    [InlineData(Who.OtherBuyer, false)]
    [InlineData(Who.OtherSeller, false)]
    public async Task R1_GetViewAsync_ByActor_PartiesAndOperationsManagersReadStrangersAreForbidden(Who who, bool mayRead)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var view = await host.Supervisor.GetViewAsync("ORD-1", Scenario.ActorOf(who));

        if (mayRead)
        {
            view.IsSuccess.Should().BeTrue(view.ToString());
            view.Value.Stage.Should().Be(Stage.InService);
        }
        else
        {
            view.Error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
            view.Error.Reason.Should().Be("NotAParty");
        }

        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R1_DecideAppeal_ByAnotherOperationsManager_IsAllowed()
    {
        // Any operations manager may act on appeals of any flow.
        var host = new TestHost();
        await Scenario.PrepareAsync(host, SupervisionAction.DecideAppeal);

        var result = await host.RunAsync(new DecideAppeal("d", "ORD-1", Actor.OperationsManager("ops-2"), "Resumed.", AppealOutcome.Resume));

        result.IsSuccess.Should().BeTrue(result.ToString());
        (await host.FlowAsync()).IsFrozen.Should().BeFalse();
    }
}
