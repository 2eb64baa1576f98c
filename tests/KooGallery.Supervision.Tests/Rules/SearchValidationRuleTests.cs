using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>
/// R29 and R1: what a search may ask, checked before any store is read (CallValidation.CheckQuery). Every query value
/// meets the text rules of ids, the page size lies between 1 and the largest page, WaitingOn is a party with an id,
/// and a buyer or seller searches only its own flows.
/// </summary>
public class SearchValidationRuleTests
{
    private static async Task<SupervisionError> RefusedAsync(FlowQuery query, Actor? viewer = null)
    {
        var result = await new TestHost().Supervisor.SearchAsync(query, viewer ?? TestHost.Manager);
        result.IsSuccess.Should().BeFalse();
        return result.Error!;
    }

    private static async Task<FlowPage> FoundAsync(FlowQuery query, Actor? viewer = null)
    {
        var host = new TestHost();
        await host.CreateAsync();
        return (await host.Supervisor.SearchAsync(query, viewer ?? TestHost.Manager)).ShouldSucceed();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(501)]
    public async Task R29_a_page_size_outside_1_to_the_largest_page_is_a_validation_error(int pageSize)
    {
        var error = await RefusedAsync(new FlowQuery { PageSize = pageSize });

        error.Code.Should().Be(SupervisionErrorCode.Validation);
        error.Fields.Should().ContainSingle().Which.Should().Be(new FieldError("PageSize", $"The page size must be between 1 and 500; it was {pageSize}."));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public async Task R29_a_page_size_from_1_to_the_largest_page_is_accepted(int pageSize)
    {
        var page = await FoundAsync(new FlowQuery { PageSize = pageSize });

        page.Items.Select(i => i.OrderNumber).Should().Equal("ORD-1");
    }

    [Fact]
    public async Task R29_query_ids_follow_the_text_rules_of_ids()
    {
        var error = await RefusedAsync(new FlowQuery
        {
            BuyerId = " ",
            SellerId = new string('s', ServiceSupervisor.MaxIdLength + 1),
            ProductId = "prod\u0001",
            After = new FlowCursor(TestHost.Start, ""),
        });

        error.Code.Should().Be(SupervisionErrorCode.Validation);
        error.Fields.Select(f => f.Field).Should().Equal("BuyerId", "SellerId", "ProductId", "After.OrderNumber");
        error.Fields[0].Message.Should().Be("BuyerId is required and may not be empty.");
        error.Fields[1].Message.Should().Be("SellerId has 201 characters; at most 200 are allowed.");
        error.Fields[2].Message.Should().StartWith("ProductId ");
        error.Fields[3].Message.Should().Be("After.OrderNumber is required and may not be empty.");
    }

    [Fact]
    public async Task R29_query_ids_of_the_longest_allowed_length_are_accepted()
    {
        var longest = new string('p', ServiceSupervisor.MaxIdLength);

        var page = await FoundAsync(new FlowQuery { ProductId = longest, BuyerId = longest, SellerId = longest });

        page.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task R29_a_stage_or_order_status_that_does_not_exist_is_a_validation_error()
    {
        var error = await RefusedAsync(new FlowQuery { Stage = (Stage)99, Status = (OrderStatus)99 });

        error.Code.Should().Be(SupervisionErrorCode.Validation);
        error.Fields.Should().Equal(
            new FieldError("Stage", "The stage is not one of the stages of a flow."),
            new FieldError("Status", "The order status must be Processing, Completed or Closed."));
    }

    [Fact]
    public async Task R29_a_defined_stage_and_status_are_accepted()
    {
        var page = await FoundAsync(new FlowQuery { Stage = Stage.AwaitingRequest, Status = OrderStatus.Processing });

        page.Items.Select(i => i.OrderNumber).Should().Equal("ORD-1");
    }

    [Theory]
    [InlineData("", ActorRole.Buyer)]
    [InlineData("seller-1", (ActorRole)9)]
    [InlineData("system", ActorRole.System)]
    public async Task R29_waiting_on_must_be_a_buyer_a_seller_or_an_operations_manager_with_an_id(string id, ActorRole role)
    {
        var error = await RefusedAsync(new FlowQuery { WaitingOn = new Actor(id, role) });

        error.Code.Should().Be(SupervisionErrorCode.Validation);
        error.Fields.Should().Equal(new FieldError("WaitingOn", "WaitingOn must be a buyer, a seller or an operations manager with an id."));
    }

    [Fact]
    public async Task R29_a_cursor_of_an_ordinary_search_needs_no_decision_deadline()
    {
        // Only the appeal queue (an operations manager's WaitingOn) is ordered by decision deadline.
        var page = await FoundAsync(new FlowQuery { WaitingOn = TestHost.Buyer, After = new FlowCursor(TestHost.Start - Duration.FromDays(1), "A") });

        page.Items.Select(i => i.OrderNumber).Should().Equal("ORD-1");
    }

    [Theory]
    [InlineData("", ActorRole.OperationsManager, "Actor.Id")]
    [InlineData("ops-1", (ActorRole)9, "Actor.Role")]
    public async Task R1_a_viewer_without_an_id_or_a_known_role_is_a_validation_error(string id, ActorRole role, string field)
    {
        var error = await RefusedAsync(new FlowQuery(), new Actor(id, role));

        error.Code.Should().Be(SupervisionErrorCode.Validation);
        error.Fields.Select(f => f.Field).Should().Equal(field);
    }

    [Fact]
    public async Task R1_a_seller_searching_another_sellers_flows_is_forbidden()
    {
        var error = await RefusedAsync(new FlowQuery { SellerId = TestHost.OtherSeller.Id }, TestHost.Seller);

        error.Code.Should().Be(SupervisionErrorCode.Forbidden);
    }

    [Fact]
    public async Task R1_a_buyer_or_seller_naming_itself_in_the_query_finds_its_flows()
    {
        (await FoundAsync(new FlowQuery { SellerId = TestHost.Seller.Id }, TestHost.Seller)).Items.Select(i => i.OrderNumber).Should().Equal("ORD-1");
        (await FoundAsync(new FlowQuery { BuyerId = TestHost.Buyer.Id }, TestHost.Buyer)).Items.Select(i => i.OrderNumber).Should().Equal("ORD-1");
    }

    [Fact]
    public async Task R1_a_seller_finds_only_its_own_flows()
    {
        var host = new TestHost();
        await host.CreateAsync();
        await host.CreateAsync(TestHost.Order("ORD-2") with { SellerId = TestHost.OtherSeller.Id });

        var page = (await host.Supervisor.SearchAsync(new FlowQuery(), TestHost.OtherSeller)).ShouldSucceed();

        page.Items.Select(i => i.OrderNumber).Should().Equal("ORD-2");
    }

    [Fact]
    public async Task R29_every_problem_of_a_query_is_listed_at_once()
    {
        var error = await RefusedAsync(new FlowQuery
        {
            BuyerId = " ",
            Stage = (Stage)99,
            Status = (OrderStatus)99,
            PageSize = 0,
            WaitingOn = Actor.System,
        });

        error.Fields.Select(f => f.Field).Should().Equal("BuyerId", "Stage", "Status", "PageSize", "WaitingOn");
    }

    [Fact]
    public async Task R29_an_appeal_queue_cursor_without_its_deadline_is_listed_beside_the_other_problems()
    {
        var error = await RefusedAsync(new FlowQuery { BuyerId = " ", WaitingOn = TestHost.Manager, After = new FlowCursor(TestHost.Start, "ORD-1") });

        error.Fields.Should().Equal(
            new FieldError("BuyerId", "BuyerId is required and may not be empty."),
            new FieldError("After", "The appeal queue is ordered by decision deadline: pass the FlowPage.Next cursor of its previous page, which carries it."));
    }

    [Fact]
    public async Task R29_an_appeal_queue_cursor_in_a_placement_order_search_is_refused_naming_it()
    {
        // Before: its placement and order number were taken as a place in another order, silently.
        var error = await RefusedAsync(new FlowQuery { After = new FlowCursor(TestHost.Start, "ORD-1") { DecisionDueAt = TestHost.Start } });

        error.Fields.Should().ContainSingle().Which.Field.Should().Be("After");
    }

    [Fact]
    public async Task R1_a_viewer_is_checked_for_its_shape_before_its_role()
    {
        // A System viewer without an id is first a malformed actor (Validation), not a reserved role (Forbidden).
        var malformed = await RefusedAsync(new FlowQuery(), new Actor("", (ActorRole)9));
        var systemWithoutId = await RefusedAsync(new FlowQuery(), new Actor("", ActorRole.System));
        var missing = (await new TestHost().Supervisor.SearchAsync(new FlowQuery(), null!)).Error!;

        malformed.Fields.Should().Equal(
            new FieldError("Actor.Id", "Actor.Id is required and may not be empty."),
            new FieldError("Actor.Role", "The role must be Buyer, Seller, OperationsManager or System."));
        systemWithoutId.Code.Should().Be(SupervisionErrorCode.Validation);
        systemWithoutId.Fields.Select(f => f.Field).Should().Equal("Actor.Id");
        missing.Fields.Should().Equal(new FieldError("Actor", "The actor is required."));
    }
}
