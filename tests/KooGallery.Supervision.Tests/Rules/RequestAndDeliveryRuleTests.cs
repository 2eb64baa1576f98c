using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>R8 to R14: the request, service, delivery and the service start.</summary>
public class RequestAndDeliveryRuleTests
{
    private static NewServiceFlow OrderWithTemplates(string orderNumber = "ORD-1") => TestHost.Order(orderNumber) with
    {
        RequestTemplate = [new TemplateField("Target version"), new TemplateField("Database size"), new TemplateField("Notes", Required: false)],
        DeliveryTemplate = [new TemplateField("Migration report"), new TemplateField("Rollback plan", Required: false)],
    };

    // ---------------------------------------------------------------- R8

    [Fact]
    public async Task R8_a_complete_request_moves_to_RequestSubmitted_and_keeps_the_field_values()
    {
        var host = new TestHost();
        await host.CreateAsync(OrderWithTemplates());
        var fields = new Dictionary<string, string> { ["Target version"] = "PostgreSQL 16", ["Database size"] = "2 TB" };

        var outcome = await host.MustAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Migrate our database.", fields));

        outcome.StageBefore.Should().Be(Stage.AwaitingRequest);
        outcome.StageAfter.Should().Be(Stage.RequestSubmitted);
        var record = (await host.RecordsAsync())[^1];
        record.Action.Should().Be(SupervisionAction.SubmitRequest);
        record.Text.Should().Be("Migrate our database.");
        record.Fields.Should().Contain("Target version", "PostgreSQL 16").And.Contain("Database size", "2 TB");
    }

    [Fact]
    public async Task R8_every_missing_required_template_field_is_named_in_one_Validation_error()
    {
        var host = new TestHost();
        await host.CreateAsync(OrderWithTemplates());
        var before = await host.SnapshotAsync();
        var fields = new Dictionary<string, string> { ["Notes"] = "Weekend only" };

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Migrate our database.", fields));

        var error = result.ShouldBeRefused(SupervisionErrorCode.Validation);
        error.Fields.Should().HaveCount(2);
        error.Fields.Should().Contain(f => f.Field.Contains("Target version"));
        error.Fields.Should().Contain(f => f.Field.Contains("Database size"));
        error.Fields.Should().NotContain(f => f.Field.Contains("Notes"));
        error.Message.Should().Contain("Target version").And.Contain("Database size");
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R8_a_blank_value_for_a_required_field_counts_as_empty()
    {
        var host = new TestHost();
        await host.CreateAsync(OrderWithTemplates());
        var fields = new Dictionary<string, string> { ["Target version"] = "   ", ["Database size"] = "2 TB" };

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Migrate our database.", fields));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().ContainSingle().Which.Field.Should().Contain("Target version");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task R8_request_text_is_required(string text)
    {
        var host = new TestHost();
        await host.CreateAsync();

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, text));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(SubmitRequest.Text));
        (await host.FlowAsync()).Stage.Should().Be(Stage.AwaitingRequest);
    }

    [Fact]
    public async Task R8_request_text_of_exactly_ten_thousand_characters_is_accepted()
    {
        var host = new TestHost();
        await host.CreateAsync();

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, new string('x', 10_000)));

        result.ShouldSucceed().StageAfter.Should().Be(Stage.RequestSubmitted);
    }

    [Fact]
    public async Task R8_request_text_longer_than_ten_thousand_characters_is_refused()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, new string('x', 10_001)));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(SubmitRequest.Text));
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R8_the_text_bound_is_policy()
    {
        var host = new TestHost(new SupervisionPolicy { MaxTextLength = 20 });
        await host.CreateAsync();

        var tooLong = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, new string('x', 21)));
        var fits = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, new string('x', 20)));

        tooLong.ShouldBeRefused(SupervisionErrorCode.Validation);
        fits.ShouldSucceed();
    }

    // ---------------------------------------------------------------- R9

    [Fact]
    public async Task R9_the_seller_accepts_the_request_to_InService()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);

        var outcome = await host.AcceptRequestAsync();

        outcome.StageAfter.Should().Be(Stage.InService);
        (await host.FlowAsync()).RequestRejections.Should().Be(0);
    }

    [Fact]
    public async Task R9_each_request_rejection_returns_the_request_and_adds_one_to_the_count()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);

        var first = await host.ReturnRequestAsync();
        await host.SubmitAsync();
        await host.ReturnRequestAsync();

        first.StageAfter.Should().Be(Stage.RequestReturned);
        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.RequestReturned);
        flow.RequestRejections.Should().Be(2);
        flow.DeliveryRejections.Should().Be(0);
        (await host.RecordsAsync()).Where(r => r.Action == SupervisionAction.ReturnRequest).Select(r => r.Text)
            .Should().AllBe("Missing the target version.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task R9_a_request_rejection_needs_a_reason(string reason)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new ReturnRequest(host.NextCommandId(), "ORD-1", TestHost.Seller, reason));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(ReturnRequest.Reason));
        (await host.SnapshotAsync()).Should().Be(before);
        (await host.FlowAsync()).RequestRejections.Should().Be(0);
    }

    // ---------------------------------------------------------------- R10

    [Fact]
    public async Task R10_the_buyer_revises_a_returned_request_and_submits_it_again()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestReturned);

        var outcome = await host.MustAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Target version is PostgreSQL 16."));

        outcome.StageBefore.Should().Be(Stage.RequestReturned);
        outcome.StageAfter.Should().Be(Stage.RequestSubmitted);
        var flow = await host.FlowAsync();
        flow.RequestRejections.Should().Be(1, "resubmitting keeps the rejection count");
        (await host.RecordsAsync())[^1].Text.Should().Be("Target version is PostgreSQL 16.");
    }

    [Fact]
    public async Task R10_the_seller_cannot_accept_a_returned_request_before_it_is_revised()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestReturned);

        var result = await host.RunAsync(new AcceptRequest(host.NextCommandId(), "ORD-1", TestHost.Seller));

        result.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);
        (await host.FlowAsync()).Stage.Should().Be(Stage.RequestReturned);
    }

    // ---------------------------------------------------------------- R11

    [Theory]
    [InlineData(Stage.InService)]
    [InlineData(Stage.DeliveryRejected)]
    public async Task R11_a_progress_update_changes_no_stage_and_is_recorded(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);

        var outcome = await host.MustAsync(host.Progress(text: "Schema copied."));

        outcome.StageBefore.Should().Be(stage);
        outcome.StageAfter.Should().Be(stage);
        var record = (await host.RecordsAsync())[^1];
        record.Action.Should().Be(SupervisionAction.PostProgressUpdate);
        record.Text.Should().Be("Schema copied.");
        record.ActorId.Should().Be(TestHost.Seller.Id);
        (await host.FlowAsync()).Stage.Should().Be(stage);
    }

    [Theory]
    [InlineData(Stage.RequestSubmitted)]
    [InlineData(Stage.Delivered)]
    [InlineData(Stage.Accepted)]
    public async Task R11_a_progress_update_is_not_permitted_outside_service(Stage stage)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(stage);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(host.Progress());

        result.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R11_a_progress_update_counts_as_the_seller_updating_the_flow()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(4));

        await host.MustAsync(host.Progress());

        var view = await host.ViewAsync(TestHost.Buyer);
        view.IdleFor.Should().Be(Duration.Zero);
        view.WaitingSince.Should().Be(host.Clock.GetCurrentInstant());
    }

    // ---------------------------------------------------------------- R12

    [Fact]
    public async Task R12_the_seller_delivers_with_both_documents_and_further_proofs()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var screenshot = new ProofReference("Screenshot", "https://files.example/shot.png");

        var outcome = await host.MustAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, [screenshot]));

        outcome.StageAfter.Should().Be(Stage.Delivered);
        var record = (await host.RecordsAsync())[^1];
        record.Action.Should().Be(SupervisionAction.Deliver);
        record.References.Should().Equal(TestHost.Sow, TestHost.AcceptanceDoc, screenshot);
    }

    [Fact]
    public async Task R12_a_delivery_without_the_statement_of_work_is_refused()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, null!, TestHost.AcceptanceDoc));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(Deliver.StatementOfWork));
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R12_a_delivery_without_the_acceptance_document_is_refused()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, null!));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(Deliver.AcceptanceDocument));
        (await host.FlowAsync()).Stage.Should().Be(Stage.InService);
    }

    [Fact]
    public async Task R12_a_reference_needs_a_name_and_an_absolute_uri()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, new ProofReference("", "not a uri"), TestHost.AcceptanceDoc));

        var fields = result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Select(f => f.Field);
        fields.Should().Contain(f => f.StartsWith(nameof(Deliver.StatementOfWork), StringComparison.Ordinal) && f.EndsWith("Name", StringComparison.Ordinal));
        fields.Should().Contain(f => f.StartsWith(nameof(Deliver.StatementOfWork), StringComparison.Ordinal) && f.EndsWith("Uri", StringComparison.Ordinal));
    }

    [Fact]
    public async Task R12_a_required_acceptance_criterion_left_empty_is_named()
    {
        var host = new TestHost();
        await host.CreateAsync(OrderWithTemplates());
        await host.MustAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Migrate.",
            new Dictionary<string, string> { ["Target version"] = "16", ["Database size"] = "2 TB" }));
        await host.AcceptRequestAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            Criteria: new Dictionary<string, string> { ["Rollback plan"] = "Snapshots kept 7 days" }));

        var error = result.ShouldBeRefused(SupervisionErrorCode.Validation);
        error.Fields.Should().ContainSingle().Which.Field.Should().Contain("Migration report");
        (await host.SnapshotAsync()).Should().Be(before);

        var ok = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            Criteria: new Dictionary<string, string> { ["Migration report"] = "All 214 tables verified" }));
        ok.ShouldSucceed().StageAfter.Should().Be(Stage.Delivered);
        (await host.RecordsAsync())[^1].Fields.Should().Contain("Migration report", "All 214 tables verified");
    }

    [Fact]
    public async Task R12_an_enabling_instant_before_placement_is_refused()
    {
        var host = new TestHost();
        var flow = await host.FlowInStageAsync(Stage.InService);

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            EnablingInstant: flow.PlacedAt - Duration.FromTicks(1)));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(Deliver.EnablingInstant));
    }

    [Fact]
    public async Task R12_an_enabling_instant_after_the_delivery_is_refused()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(1));

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            EnablingInstant: host.Clock.GetCurrentInstant() + Duration.FromTicks(1)));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(Deliver.EnablingInstant));
        (await host.FlowAsync()).Stage.Should().Be(Stage.InService);
    }

    [Fact]
    public async Task R12_an_enabling_instant_at_placement_or_at_the_delivery_moment_is_accepted()
    {
        var host = new TestHost();
        var first = await host.FlowInStageAsync(Stage.InService, "ORD-A");
        await host.FlowInStageAsync(Stage.InService, "ORD-B");
        host.Clock.Advance(Duration.FromDays(1));

        var atPlacement = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-A", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            EnablingInstant: first.PlacedAt));
        var atNow = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-B", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            EnablingInstant: host.Clock.GetCurrentInstant()));

        atPlacement.ShouldSucceed();
        atNow.ShouldSucceed();
        (await host.FlowAsync("ORD-A")).EnablingInstant.Should().Be(first.PlacedAt);
    }

    // ---------------------------------------------------------------- R13

    [Fact]
    public async Task R13_the_buyer_accepts_the_delivery_to_Accepted()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);

        var outcome = await host.AcceptDeliveryAsync();

        outcome.StageBefore.Should().Be(Stage.Delivered);
        outcome.StageAfter.Should().Be(Stage.Accepted);
    }

    [Fact]
    public async Task R13_each_delivery_rejection_adds_one_and_the_seller_may_deliver_again()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);

        var rejected = await host.RejectDeliveryAsync();
        var redelivered = await host.DeliverAsync();
        await host.RejectDeliveryAsync();

        rejected.StageAfter.Should().Be(Stage.DeliveryRejected);
        redelivered.StageBefore.Should().Be(Stage.DeliveryRejected);
        redelivered.StageAfter.Should().Be(Stage.Delivered);
        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.DeliveryRejected);
        flow.DeliveryRejections.Should().Be(2);
        flow.RequestRejections.Should().Be(0);
    }

    [Fact]
    public async Task R13_a_delivery_rejection_needs_a_reason()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new RejectDelivery(host.NextCommandId(), "ORD-1", TestHost.Buyer, " "));

        result.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(RejectDelivery.Reason));
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task R13_the_buyer_cannot_accept_before_a_delivery()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);

        var result = await host.RunAsync(new AcceptDelivery(host.NextCommandId(), "ORD-1", TestHost.Buyer));

        result.ShouldBeRefused(SupervisionErrorCode.NotPermittedInStage).PermittedActions.Should().Equal(SupervisionAction.SendReminder);
    }

    // ---------------------------------------------------------------- R14

    [Fact]
    public async Task R14_a_flow_an_appeal_decision_completes_without_an_accepted_delivery_starts_at_its_last_delivery_s_enabling_instant()
    {
        // Our decision where the rules are silent (docs/rules.md, R14): the decision settles on the last delivery.
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromHours(2));
        var enabling = host.Clock.GetCurrentInstant() - Duration.FromHours(1);
        await host.MustAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, EnablingInstant: enabling));
        await host.MustAsync(new RejectDelivery(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Not what was ordered."));
        await host.SellerAppealAsync();

        await host.DecideAsync(AppealOutcome.Complete);

        var flow = await host.FlowAsync();
        flow.AcceptedAt.Should().BeNull();
        flow.ServiceStart.Should().Be(enabling);
        (await host.ViewAsync(TestHost.Buyer)).ServiceStart.Should().Be(enabling);
    }

    [Fact]
    public async Task R14_a_flow_an_appeal_decision_completes_before_any_delivery_starts_at_the_decision()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        host.Clock.Advance(Duration.FromHours(4));

        await host.DecideAsync(AppealOutcome.Complete);

        (await host.FlowAsync()).ServiceStart.Should().Be(host.Clock.GetCurrentInstant());
    }

    [Fact]
    public async Task R14_the_service_start_is_the_acceptance_instant_when_no_enabling_instant_was_given()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        host.Clock.Advance(Duration.FromHours(5));
        var acceptedAt = host.Clock.GetCurrentInstant();

        await host.AcceptDeliveryAsync();

        var flow = await host.FlowAsync();
        flow.ServiceStart.Should().Be(acceptedAt);
        flow.AcceptedAt.Should().Be(acceptedAt);
        (await host.ViewAsync(TestHost.Buyer)).ServiceStart.Should().Be(acceptedAt);
    }

    [Fact]
    public async Task R14_the_service_start_is_the_enabling_instant_given_with_the_accepted_delivery()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var enabled = host.Clock.GetCurrentInstant() + Duration.FromHours(1);
        host.Clock.Advance(Duration.FromDays(2));
        await host.MustAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, EnablingInstant: enabled));
        host.Clock.Advance(Duration.FromDays(1));

        await host.AcceptDeliveryAsync();

        (await host.FlowAsync()).ServiceStart.Should().Be(enabled);
    }

    [Fact]
    public async Task R14_the_enabling_instant_of_a_rejected_delivery_is_not_the_service_start()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var enabled = host.Clock.GetCurrentInstant();
        host.Clock.Advance(Duration.FromHours(1));
        await host.MustAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, EnablingInstant: enabled));
        await host.RejectDeliveryAsync();
        host.Clock.Advance(Duration.FromHours(1));
        await host.DeliverAsync();
        host.Clock.Advance(Duration.FromHours(1));
        var acceptedAt = host.Clock.GetCurrentInstant();

        await host.AcceptDeliveryAsync();

        (await host.FlowAsync()).ServiceStart.Should().Be(acceptedAt);
    }

    [Fact]
    public async Task R14_the_service_start_stays_recorded_after_completion()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var acceptedAt = host.Clock.GetCurrentInstant();
        await host.AcceptDeliveryAsync();
        host.Clock.Advance(Duration.FromHours(3));

        await host.Supervisor.ApplyDueTimersAsync();

        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.Completed);
        flow.ServiceStart.Should().Be(acceptedAt);
    }

    [Fact]
    public async Task R14_the_service_start_stays_recorded_when_an_appeal_completes_an_accepted_flow()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var acceptedAt = host.Clock.GetCurrentInstant();
        await host.AcceptDeliveryAsync();
        host.Clock.Advance(Duration.FromHours(1));
        await host.SellerAppealAsync();

        await host.DecideAsync(AppealOutcome.Complete);

        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.Completed);
        flow.ServiceStart.Should().Be(acceptedAt, "the accepted delivery's service start is recorded (R14) and completing on appeal does not erase it");
    }

    // ---------------------------------------------------------------- found by mutation testing (docs/testing.md)

    [Fact]
    public async Task R8_template_values_are_bounded_by_the_text_limit_at_its_exact_length()
    {
        var host = new TestHost(new SupervisionPolicy { MaxTextLength = 20 });
        await host.CreateAsync(OrderWithTemplates("ORD-A"));
        await host.CreateAsync(OrderWithTemplates("ORD-B"));
        Dictionary<string, string> Values(int length) => new() { ["Target version"] = new string('v', length), ["Database size"] = "2 TB" };

        var tooLong = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-A", TestHost.Buyer, "Migrate.", Values(21)));
        var fits = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-B", TestHost.Buyer, "Migrate.", Values(20)));

        tooLong.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().ContainSingle().Which.Field.Should().Be("Fields.Target version");
        fits.ShouldSucceed();
    }

    [Fact]
    public async Task R12_a_delivery_carries_at_most_MaxReferences_proofs_counting_its_two_documents()
    {
        var host = new TestHost(new SupervisionPolicy { MaxReferences = 4 });
        await host.FlowInStageAsync(Stage.InService, "ORD-A");
        await host.FlowInStageAsync(Stage.InService, "ORD-B");
        ProofReference[] Proofs(int count) => [.. Enumerable.Range(1, count).Select(i => new ProofReference($"Proof {i}", $"https://files.example/{i}.png"))];

        var tooMany = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-A", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, Proofs(3)));
        var fits = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-B", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, Proofs(2)));

        tooMany.ShouldBeRefused(SupervisionErrorCode.Validation).Fields.Should().Contain(f => f.Field == nameof(Deliver.FurtherProofs) && f.Message.Contains("5 references", StringComparison.Ordinal));
        fits.ShouldSucceed();
    }

    [Fact]
    public async Task R12_a_reference_name_and_uri_are_bounded_by_the_text_limit_at_its_exact_length()
    {
        var host = new TestHost(new SupervisionPolicy { MaxTextLength = 30 });
        await host.FlowInStageAsync(Stage.InService, "ORD-A");
        await host.FlowInStageAsync(Stage.InService, "ORD-B");
        var uri30 = "https://files.example/" + new string('a', 8); // 30 characters
        var tooLong = new ProofReference(new string('n', 31), uri30 + "b");
        var fits = new ProofReference(new string('n', 30), uri30);

        var refused = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-A", TestHost.Seller, tooLong, new ProofReference("Acceptance", uri30)));
        var accepted = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-B", TestHost.Seller, fits, new ProofReference("Acceptance", uri30)));

        var fields = refused.ShouldBeRefused(SupervisionErrorCode.Validation).Fields;
        fields.Select(f => f.Field).Should().BeEquivalentTo("StatementOfWork.Name", "StatementOfWork.Uri");
        // A reference is not told to attach a document reference, as a long free text is.
        fields.Select(f => f.Message).Should().OnlyContain(m => m.EndsWith("at most 30 are allowed. Shorten it.", StringComparison.Ordinal));
        accepted.ShouldSucceed();
    }
}
