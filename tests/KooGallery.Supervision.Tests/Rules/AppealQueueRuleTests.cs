using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>R16 and R29 for frozen flows: they wait on the operations managers, whose "waiting on me" is the appeal queue.</summary>
public class AppealQueueRuleTests
{
    [Fact]
    public async Task R16_a_frozen_flow_waits_on_the_operations_managers_whatever_its_stage()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();

        var view = await host.ViewAsync(TestHost.Buyer);
        var page = (await host.Supervisor.SearchAsync(new FlowQuery(), TestHost.Manager)).GetValueOrThrow();

        view.WaitingOn.Should().Be(Party.OperationsManagers);
        view.Stage.Should().Be(Stage.InService);
        page.Items.Single().WaitingOn.Should().Be(Party.OperationsManagers);
        page.Items.Single().DecisionDueAt.Should().Be(view.Appeal!.DecisionDueAt);
    }

    [Fact]
    public async Task R16_after_the_decision_the_flow_waits_on_the_party_of_its_stage_again()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        await host.DecideAsync(AppealOutcome.Resume);

        (await host.ViewAsync(TestHost.Buyer)).WaitingOn.Should().Be(Party.Seller);
    }

    [Fact]
    public async Task R29_waiting_on_a_party_leaves_out_frozen_flows()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService, "ORD-1");
        await host.FlowInStageAsync(Stage.InService, "ORD-2");
        await host.SellerAppealAsync("ORD-2");

        var page = (await host.Supervisor.SearchAsync(new FlowQuery { WaitingOn = TestHost.Seller }, TestHost.Seller)).GetValueOrThrow();

        page.Items.Select(i => i.OrderNumber).Should().Equal("ORD-1");
    }

    [Fact]
    public async Task R29_an_operations_managers_waiting_on_me_is_the_appeal_queue_oldest_decision_deadline_first_in_pages()
    {
        var host = new TestHost();
        foreach (var order in new[] { "ORD-A", "ORD-B", "ORD-C", "ORD-D" })
        {
            await host.FlowInStageAsync(Stage.InService, order);
        }

        // Appeals opened in the order C, A, D (B stays open to the parties): deadlines follow that order.
        foreach (var order in new[] { "ORD-C", "ORD-A", "ORD-D" })
        {
            await host.SellerAppealAsync(order);
            host.Clock.Advance(Duration.FromHours(1));
        }

        var first = (await host.Supervisor.SearchAsync(new FlowQuery { WaitingOn = TestHost.Manager, PageSize = 2 }, TestHost.Manager)).GetValueOrThrow();
        var second = (await host.Supervisor.SearchAsync(new FlowQuery { WaitingOn = TestHost.Manager, PageSize = 2, After = first.Next }, TestHost.Manager)).GetValueOrThrow();

        first.Items.Select(i => i.OrderNumber).Should().Equal("ORD-C", "ORD-A");
        first.Next!.DecisionDueAt.Should().Be(first.Items[^1].DecisionDueAt);
        second.Items.Select(i => i.OrderNumber).Should().Equal("ORD-D");
        second.Next.Should().BeNull();
        first.Items.Concat(second.Items).Select(i => i.DecisionDueAt!.Value).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task R29_an_appeal_queue_cursor_without_its_deadline_is_a_validation_error()
    {
        var host = new TestHost();

        var result = await host.Supervisor.SearchAsync(new FlowQuery { WaitingOn = TestHost.Manager, After = new FlowCursor(TestHost.Start, "ORD-1") }, TestHost.Manager);

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Single().Field.Should().Be("After");
    }
}
