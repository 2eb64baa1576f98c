using KooGallery.Supervision.FluentAssertions;
using KooGallery.Supervision.Testing;

namespace KooGallery.Supervision.Tests.Testing;

/// <summary>
/// The FluentAssertions extensions: each passes when it should, and a failing one throws a message that names the
/// order, its stage, whom it waits on and, for results, the library's own refusal.
/// </summary>
public class SupervisionAssertionTests
{
    private static async Task<SupervisionTestHost> FrozenDeliveredAsync()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").WithAppealBy(Party.Seller).DriveToAsync(Stage.Delivered);
        return host;
    }

    private static string FailureOf(Action assertion) =>
        assertion.Should().Throw<Exception>().Which.Message;

    // ---------------------------------------------------------------- results

    [Fact]
    public async Task Succeed_AnAcceptedCommand_PassesAndGivesTheOutcome()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.Delivered);

        var attempt = await host.ExecuteAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", host.Buyer));

        attempt.Should().Succeed().Which.StageAfter.Should().Be(Stage.Accepted);
        attempt.Result.Should().Succeed().And.NotBeNull();
    }

    [Fact]
    public async Task Succeed_ARefusedCommand_FailsNamingTheOrderStageWaitingOnAndTheLibrarysRefusal()
    {
        var host = await FrozenDeliveredAsync();
        var attempt = await host.ExecuteAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", host.Buyer));

        var message = FailureOf(() => attempt.Should().Succeed("the buyer is happy"));

        message.Should().StartWith("Expected attempt to succeed because the buyer is happy, but it was refused on order ORD-1 in stage Delivered (frozen by an open appeal), waiting on the operations managers (AcceptDelivery cmd-")
            .And.Contain("by Buyer buyer-1)")
            .And.Contain("with Frozen (AppealOpen): " + attempt.Error!.Message);
    }

    [Fact]
    public async Task Succeed_ARefusedSupervisorResult_FailsWithTheStageAndTheLibrarysRefusal()
    {
        var host = await FrozenDeliveredAsync();
        var result = await host.Supervisor.ExecuteAsync(new RejectDelivery(host.NextCommandId(), "ORD-1", host.Buyer, "Not good."));

        var message = FailureOf(() => result.Should().Succeed());

        message.Should().Contain("Expected result to succeed, but it was refused on an order it does not name in stage Delivered")
            .And.Contain(result.Error!.Message)
            .And.Contain("ORD-1", "the library's own message names the order");
    }

    [Fact]
    public async Task BeRefusedWith_TheCodeAndReason_Passes()
    {
        var host = await FrozenDeliveredAsync();

        var attempt = await host.ExecuteAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", host.Buyer));

        attempt.Should().BeRefusedWith(SupervisionErrorCode.Frozen)
            .WithReason(SupervisionErrorReason.AppealOpen)
            .And.WithMessageContaining("being handled by an operations manager")
            .Which!.RetryAt.Should().NotBeNull();
    }

    [Fact]
    public async Task BeRefusedWith_AnotherCode_FailsNamingBothAndQuotingTheRefusal()
    {
        var host = await FrozenDeliveredAsync();
        var attempt = await host.ExecuteAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", host.StrangerBuyer));

        var message = FailureOf(() => attempt.Should().BeRefusedWith(SupervisionErrorCode.Frozen));

        message.Should().StartWith("Expected attempt to be refused with Frozen, but it was refused on order ORD-1 in stage Delivered (frozen by an open appeal), waiting on the operations managers")
            .And.Contain("with Forbidden (NotAParty): Buyer 'buyer-2' is not the buyer of order ORD-1");
    }

    [Fact]
    public async Task BeRefusedWith_ASuccess_FailsNamingTheOrderAndTheStageReached()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.InService);
        var attempt = await host.ExecuteAsync(new OpenAppeal(host.NextCommandId(), "ORD-1", host.Seller, "The buyer is silent."));

        var message = FailureOf(() => attempt.Should().BeRefusedWith(SupervisionErrorCode.ConditionNotMet));

        message.Should().StartWith("Expected attempt to be refused with ConditionNotMet, but it succeeded on order ORD-1 in stage InService (frozen by an open appeal), waiting on the operations managers");
    }

    [Fact]
    public async Task WithReason_AnotherReason_FailsQuotingTheRefusal()
    {
        var host = await FrozenDeliveredAsync();
        var attempt = await host.ExecuteAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", host.Buyer));

        var message = FailureOf(() => attempt.Should().BeRefusedWith(SupervisionErrorCode.Frozen).WithReason(SupervisionErrorReason.NotInStage));

        message.Should().StartWith("Expected the refusal to have reason NotInStage, but it was refused on order ORD-1 in stage Delivered")
            .And.Contain("with Frozen (AppealOpen): Order ORD-1 is frozen");
    }

    [Fact]
    public void WithMessageContaining_AMissingText_FailsQuotingTheRefusal()
    {
        var result = SupervisionResult<CommandOutcome>.Failure(new SupervisionError
        {
            Code = SupervisionErrorCode.ConditionNotMet,
            Reason = SupervisionErrorReason.AppealConditionsNotMet,
            Message = "seller idle 2 days of 5 days; request rejections 1 of 3; delivery rejections 0 of 3",
            Stage = Stage.RequestSubmitted,
        });

        var message = FailureOf(() => result.Should().BeRefusedWith(SupervisionErrorCode.ConditionNotMet).WithMessageContaining("4 days"));

        message.Should().Contain("Expected the refusal message to contain \"4 days\"")
            .And.Contain("in stage RequestSubmitted")
            .And.Contain("seller idle 2 days of 5 days; request rejections 1 of 3; delivery rejections 0 of 3");
    }

    [Fact]
    public void Results_BracesInTheLibrarysMessage_AreQuotedAsTheyAre()
    {
        var result = SupervisionResult<ServiceFlow>.Failure(new SupervisionError
        {
            Code = SupervisionErrorCode.Validation,
            Message = "The input is invalid. Text: {0} and {reason} are not placeholders.",
        });

        var message = FailureOf(() => result.Should().Succeed());

        message.Should().Contain("The input is invalid. Text: {0} and {reason} are not placeholders.");
    }

    // ---------------------------------------------------------------- views

    [Fact]
    public async Task ViewAssertions_WhatTheViewShows_Pass()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").WithRequestRejections(1).WithDeliveryRejections(2).DriveToAsync(Stage.Delivered);

        var view = await host.ViewAsync("ORD-1", host.Buyer);

        view.Should().BeIn(Stage.Delivered)
            .And.HaveStatus(OrderStatus.Processing)
            .And.BeWaitingOn(Party.Buyer)
            .And.Permit(SupervisionAction.AcceptDelivery)
            .And.NotPermit(SupervisionAction.Deliver)
            .And.HaveRequestRejections(1)
            .And.HaveDeliveryRejections(2)
            .And.NotBeStalled()
            .And.NotBeFrozen();
    }

    [Fact]
    public async Task BeIn_AnotherStage_FailsNamingTheOrderStageAndWaitingOn()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.Delivered);
        var view = await host.ViewAsync("ORD-1", host.Buyer);

        var message = FailureOf(() => view.Should().BeIn(Stage.Accepted, "the buyer accepted"));

        message.Should().Be("Expected view to be in stage Accepted because the buyer accepted, but it shows order ORD-1 in stage Delivered, waiting on the Buyer.");
    }

    [Fact]
    public async Task Permit_AnActionNotPermitted_FailsListingWhatTheViewerMayDo()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.Delivered);
        var view = await host.ViewAsync("ORD-1", host.Seller);

        var message = FailureOf(() => view.Should().Permit(SupervisionAction.Deliver));

        message.Should().StartWith("Expected view to permit Deliver to the viewer, but it shows order ORD-1 in stage Delivered, waiting on the Buyer; Seller seller-1 may ")
            .And.Contain(nameof(SupervisionAction.OpenAppeal));
    }

    [Fact]
    public async Task CountsStallAndFreeze_WhenWrong_FailWithWhatTheViewShows()
    {
        var host = await FrozenDeliveredAsync();
        var view = await host.ViewAsync("ORD-1", host.OperationsManager);

        FailureOf(() => view.Should().HaveRequestRejections(2)).Should().Contain("to have 2 request rejection(s)").And.Contain("order ORD-1 in stage Delivered").And.Contain("it has 0");
        FailureOf(() => view.Should().HaveDeliveryRejections(1)).Should().Contain("it has 0");
        FailureOf(() => view.Should().BeStalled()).Should().Contain("to be stalled").And.Contain("waiting on the operations managers");
        FailureOf(() => view.Should().NotBeFrozen()).Should().Contain("an appeal opened by the Seller seller-1 is open");
        FailureOf(() => view.Should().HaveStatus(OrderStatus.Completed)).Should().Contain("its status is Processing");
        FailureOf(() => view.Should().BeWaitingOn(Party.Buyer)).Should().Contain("to be waiting on Buyer, but it shows order ORD-1 in stage Delivered (frozen by an open appeal), waiting on the operations managers");
        view.Should().BeFrozen().And.BeWaitingOn(Party.OperationsManagers);
    }

    [Fact]
    public async Task BeStalled_AStalledSeller_Passes()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.InService);
        host.Advance(Duration.FromDays(6));

        (await host.ViewAsync("ORD-1", host.Buyer)).Should().BeStalled().And.BeWaitingOn(Party.Seller);
    }

    // ---------------------------------------------------------------- events

    [Fact]
    public async Task ContainSingleOfKind_OneEvent_PassesAndGivesIt()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.Completed);
        await host.NewFlow("ORD-2").DriveToAsync(Stage.Completed);

        host.Events.Should().ForOrder("ORD-2").ContainSingleOfKind(SupervisionEventKind.Completed)
            .Which.OrderNumber.Should().Be("ORD-2");
        host.EventsOf("ORD-1").Should().ContainSingleOfKind(SupervisionEventKind.Completed)
            .And.NotContainOfKind(SupervisionEventKind.Closed)
            .And.HaveCount(5, "the collection assertions of FluentAssertions remain");
    }

    [Fact]
    public async Task ContainSingleOfKind_NoneOrTwo_FailsListingTheEventsWithTheirOrderAndStage()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.RequestSubmitted);
        await host.NewFlow("ORD-2").DriveToAsync(Stage.RequestSubmitted);

        var none = FailureOf(() => host.Events.Should().ForOrder("ORD-1").ContainSingleOfKind(SupervisionEventKind.Completed));
        var two = FailureOf(() => host.Events.Should().ContainSingleOfKind(SupervisionEventKind.RequestSubmitted));
        var some = FailureOf(() => host.Events.Should().NotContainOfKind(SupervisionEventKind.RequestSubmitted));

        none.Should().Be("Expected host.Events to contain a single Completed event for order ORD-1, but found 0: the events are RequestSubmitted on order ORD-1 (stage RequestSubmitted).");
        two.Should().StartWith("Expected host.Events to contain a single RequestSubmitted event, but found 2: ")
            .And.Contain("RequestSubmitted on order ORD-2 (stage RequestSubmitted)");
        some.Should().Contain("to contain no RequestSubmitted event, but found 2");
    }
}
