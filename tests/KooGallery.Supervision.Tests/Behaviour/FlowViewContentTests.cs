using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>What a view answers directly: the key instants, billing, whom the flow waits on and since when.</summary>
public class FlowViewContentTests
{
    [Fact]
    public async Task GetViewAsync_CompletedFlow_GivesEveryKeyInstantAndIsBillable()
    {
        var host = new TestHost();
        await host.CreateAsync();
        host.Clock.Advance(Duration.FromHours(1));
        var submittedAt = host.Clock.GetCurrentInstant();
        await host.SubmitAsync();
        await host.AcceptRequestAsync();
        host.Clock.Advance(Duration.FromHours(1));
        var deliveredAt = host.Clock.GetCurrentInstant();
        await host.DeliverAsync();
        host.Clock.Advance(Duration.FromHours(1));
        var acceptedAt = host.Clock.GetCurrentInstant();
        await host.AcceptDeliveryAsync();
        host.Clock.Advance(Duration.FromDays(1));

        var view = await host.ViewAsync(TestHost.Buyer);

        view.Stage.Should().Be(Stage.Completed);
        view.PlacedAt.Should().Be(TestHost.Order().PlacedAt);
        view.RequestSubmittedAt.Should().Be(submittedAt);
        view.DeliveredAt.Should().Be(deliveredAt);
        view.AcceptedAt.Should().Be(acceptedAt);
        view.CompletedAt.Should().Be(acceptedAt + Duration.FromHours(3));
        view.ClosedAt.Should().BeNull();
        view.IsBillable.Should().BeTrue();
        view.WaitingOn.Should().Be(Party.Nobody);
        view.WaitingSince.Should().BeNull();
        view.BuyerId.Should().Be(TestHost.Buyer.Id);
        view.SellerId.Should().Be(TestHost.Seller.Id);
        view.ProductId.Should().Be("product-1");
    }

    [Fact]
    public async Task GetViewAsync_ProcessingFlow_IsNotBillableAndWaitsSinceItsLastStage()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var enteredAt = host.Clock.GetCurrentInstant();
        host.Clock.Advance(Duration.FromDays(2));

        var view = await host.ViewAsync(TestHost.Buyer);

        view.IsBillable.Should().BeFalse();
        view.CompletedAt.Should().BeNull();
        view.WaitingOn.Should().Be(Party.Seller);
        view.WaitingSince.Should().Be(enteredAt);
        view.IdleFor.Should().Be(Duration.FromDays(2));
    }

    [Fact]
    public async Task GetViewAsync_FrozenFlow_WaitsOnTheOperationsManagersSinceTheAppeal()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromHours(2));
        var openedAt = host.Clock.GetCurrentInstant();
        await host.SellerAppealAsync();
        host.Clock.Advance(Duration.FromHours(5));

        var view = await host.ViewAsync(TestHost.Buyer);

        view.IsFrozen.Should().BeTrue();
        view.WaitingOn.Should().Be(Party.OperationsManagers);
        view.WaitingSince.Should().Be(openedAt);
    }

    [Fact]
    public async Task GetViewAsync_FlowClosedOnAppeal_HasItsClosingInstantAndIsNotBillable()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        host.Clock.Advance(Duration.FromHours(1));
        var closedAt = host.Clock.GetCurrentInstant();
        await host.DecideAsync(AppealOutcome.Close);

        var view = await host.ViewAsync(TestHost.Buyer);

        view.Stage.Should().Be(Stage.Closed);
        view.ClosedAt.Should().Be(closedAt);
        view.IsBillable.Should().BeFalse();
    }
}
