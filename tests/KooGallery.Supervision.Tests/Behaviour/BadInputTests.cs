using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>R27: every bad input gets its typed error and leaves the flow, its records and its events unchanged.</summary>
public class BadInputTests
{
    private static readonly string TooLong = new('x', 10_001);

    private static void ShouldBeValidation(SupervisionResult<CommandOutcome> result, params string[] fields)
    {
        result.IsSuccess.Should().BeFalse();
        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation, result.Error.ToString());
        result.Error.Fields.Select(f => f.Field).Should().BeEquivalentTo(fields);
        foreach (var field in fields)
        {
            result.Error.Message.Should().Contain(field);
        }
    }

    // ---- ids and actors ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task R27_ExecuteAsync_BlankCommandId_IsValidationAndChangesNothing(string? commandId)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate(commandId!, "ORD-1", TestHost.Seller, "Half done."));

        ShouldBeValidation(result, "CommandId");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task R27_ExecuteAsync_BlankOrderNumber_IsValidationAndChangesNothing(string? orderNumber)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", orderNumber!, TestHost.Seller, "Half done."));

        ShouldBeValidation(result, "OrderNumber");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task R27_ExecuteAsync_BlankActorId_IsValidationAndChangesNothing(string? actorId)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", "ORD-1", Actor.Seller(actorId!), "Half done."));

        ShouldBeValidation(result, "Actor.Id");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task A_null_command_or_order_throws_at_the_call_and_changes_nothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        // A programming error, not a refusal: thrown by the call itself, before any ValueTask is handed back.
        var execute = () => host.Supervisor.ExecuteAsync(null!);
        var create = () => host.Supervisor.CreateFlowAsync(null!);

        execute.Should().Throw<ArgumentNullException>().WithParameterName("command");
        create.Should().Throw<ArgumentNullException>().WithParameterName("order");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R27_ExecuteAsync_NullActor_IsValidationAndChangesNothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", "ORD-1", null!, "Half done."));

        ShouldBeValidation(result, "Actor");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R27_ExecuteAsync_UndefinedActorRole_IsValidationAndChangesNothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", "ORD-1", new Actor(TestHost.Seller.Id, (ActorRole)42), "Half done."));

        ShouldBeValidation(result, "Actor.Role");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R27_ExecuteAsync_AllIdsBlank_IsOneValidationNamingEachField()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate(" ", "", Actor.Seller(""), "Half done."));

        ShouldBeValidation(result, "CommandId", "OrderNumber", "Actor.Id");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R27_ExecuteAsync_CommandIdLongerThanTheLimit_IsValidation()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate(new string('c', ServiceSupervisor.MaxIdLength + 1), "ORD-1", TestHost.Seller, "Half done."));

        ShouldBeValidation(result, "CommandId");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R27_ExecuteAsync_UnknownFlow_IsNotFoundAndCreatesNothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", "ORD-404", TestHost.Seller, "Half done."));

        result.Error!.Code.Should().Be(SupervisionErrorCode.NotFound);
        result.Error.Message.Should().Contain("ORD-404");
        (await host.Store.LoadAsync("ORD-404", CancellationToken.None)).Should().BeNull();
        (await host.Store.FindCommandOutcomeAsync("ORD-404", "c-1", CancellationToken.None)).Should().BeNull();
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R1_ExecuteAsync_ActorNotAParty_IsForbiddenNotAPartyAndChangesNothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", "ORD-1", TestHost.OtherSeller, "Half done."));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
        result.Error.Reason.Should().Be("NotAParty");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R1_ExecuteAsync_WrongRole_IsForbiddenWrongRoleAndChangesNothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Buyer, TestHost.Sow, TestHost.AcceptanceDoc));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
        result.Error.Reason.Should().Be("WrongRole");
        result.Error.Message.Should().Contain("seller");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R27_ExecuteAsync_ActionNotPermittedInStage_IsNotPermittedInStageListingThePermittedActions()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new AcceptDelivery("c-1", "ORD-1", TestHost.Buyer));

        result.Error!.Code.Should().Be(SupervisionErrorCode.NotPermittedInStage);
        result.Error.Stage.Should().Be(Stage.InService);
        result.Error.PermittedActions.Should().Equal(SupervisionAction.SendReminder);
        await host.ShouldBeUnchangedAsync(before);
    }

    // ---- texts ----

    [Theory]
    [InlineData(SupervisionAction.SubmitRequest, "", "Text")]
    [InlineData(SupervisionAction.SubmitRequest, "  ", "Text")]
    [InlineData(SupervisionAction.ReturnRequest, "", "Reason")]
    [InlineData(SupervisionAction.ReturnRequest, " \t ", "Reason")]
    [InlineData(SupervisionAction.PostProgressUpdate, "", "Text")]
    [InlineData(SupervisionAction.RejectDelivery, "", "Reason")]
    [InlineData(SupervisionAction.RejectDelivery, "   ", "Reason")]
    [InlineData(SupervisionAction.OpenAppeal, "", "Reason")]
    [InlineData(SupervisionAction.OpenAppeal, "   ", "Reason")]
    [InlineData(SupervisionAction.DecideAppeal, "", "Decision")]
    [InlineData(SupervisionAction.DecideAppeal, "   ", "Decision")]
    public async Task R27_ExecuteAsync_EmptyRequiredText_IsValidationNamingTheFieldAndChangesNothing(SupervisionAction action, string text, string field)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, action);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(Scenario.Command(action, "c-empty", Scenario.RightfulActor(action), text: text));

        ShouldBeValidation(result, field);
        result.Error!.Stage.Should().Be(before.Flow!.Stage);
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R9_ReturnRequest_NullReason_IsValidationAndDoesNotCount()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new ReturnRequest("c-null", "ORD-1", TestHost.Seller, null!));

        ShouldBeValidation(result, "Reason");
        await host.ShouldBeUnchangedAsync(before);
        (await host.FlowAsync()).RequestRejections.Should().Be(0);
    }

    [Theory]
    [InlineData(SupervisionAction.SubmitRequest, "Text")]
    [InlineData(SupervisionAction.AcceptRequest, "Note")]
    [InlineData(SupervisionAction.ReturnRequest, "Reason")]
    [InlineData(SupervisionAction.PostProgressUpdate, "Text")]
    [InlineData(SupervisionAction.Deliver, "Note")]
    [InlineData(SupervisionAction.AcceptDelivery, "Note")]
    [InlineData(SupervisionAction.RejectDelivery, "Reason")]
    [InlineData(SupervisionAction.SendReminder, "Message")]
    [InlineData(SupervisionAction.OpenAppeal, "Reason")]
    [InlineData(SupervisionAction.DecideAppeal, "Decision")]
    public async Task R8_ExecuteAsync_TextOverTheDefaultLimit_IsValidationAndChangesNothing(SupervisionAction action, string field)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, action);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(Scenario.Command(action, "c-long", Scenario.RightfulActor(action), text: TooLong));

        ShouldBeValidation(result, field);
        result.Error!.Message.Should().Contain("10001").And.Contain("10000");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(SupervisionAction.SubmitRequest)]
    [InlineData(SupervisionAction.ReturnRequest)]
    [InlineData(SupervisionAction.RejectDelivery)]
    [InlineData(SupervisionAction.DecideAppeal)]
    public async Task R8_ExecuteAsync_TextExactlyAtTheLimit_IsAccepted(SupervisionAction action)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, action);

        var result = await host.RunAsync(Scenario.Command(action, "c-max", Scenario.RightfulActor(action), text: new string('x', 10_000)));

        result.IsSuccess.Should().BeTrue(result.ToString());
        (await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None))[^1].Text.Should().HaveLength(10_000);
    }

    [Fact]
    public async Task R8_SubmitRequest_TextOverAPolicyLimit_IsValidation()
    {
        var host = new TestHost(new SupervisionPolicy { Version = "short", MaxTextLength = 20 });
        await host.FlowInStageAsync(Stage.AwaitingRequest);
        var before = await host.SnapshotAsync();

        var tooLong = await host.RunAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, new string('x', 21)));
        await host.ShouldBeUnchangedAsync(before);
        var fits = await host.RunAsync(new SubmitRequest("c-2", "ORD-1", TestHost.Buyer, new string('x', 20)));

        ShouldBeValidation(tooLong, "Text");
        fits.IsSuccess.Should().BeTrue(fits.ToString());
    }

    // ---- templates ----

    private static NewServiceFlow OrderWithRequestTemplate(params TemplateField[] fields) => TestHost.Order() with { RequestTemplate = fields };

    [Fact]
    public async Task R8_SubmitRequest_RequiredTemplateFieldMissing_IsValidationNamingItAndNotTheOptionalOne()
    {
        var host = new TestHost();
        await host.CreateAsync(OrderWithRequestTemplate(new TemplateField("Database version"), new TemplateField("Notes", Required: false)));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."));

        ShouldBeValidation(result, "Fields.Database version");
        result.Error!.Message.Should().NotContain("Notes");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task R8_SubmitRequest_RequiredTemplateFieldBlank_IsValidationNamingIt(string value)
    {
        var host = new TestHost();
        await host.CreateAsync(OrderWithRequestTemplate(new TemplateField("Database version"), new TemplateField("Notes", Required: false)));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate.",
            new Dictionary<string, string> { ["Database version"] = value, ["Notes"] = "Weekend only." }));

        ShouldBeValidation(result, "Fields.Database version");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R8_SubmitRequest_SeveralRequiredFieldsMissing_IsOneValidationNamingEveryMissingField()
    {
        var host = new TestHost();
        await host.CreateAsync(OrderWithRequestTemplate(
            new TemplateField("Database version"), new TemplateField("Target host"), new TemplateField("Notes", Required: false)));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "",
            new Dictionary<string, string> { ["Notes"] = "Weekend only." }));

        ShouldBeValidation(result, "Text", "Fields.Database version", "Fields.Target host");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R8_SubmitRequest_AllRequiredFieldsGiven_IsAcceptedAndRecordsTheValues()
    {
        var host = new TestHost();
        await host.CreateAsync(OrderWithRequestTemplate(new TemplateField("Database version"), new TemplateField("Notes", Required: false)));

        var result = await host.RunAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate.",
            new Dictionary<string, string> { ["Database version"] = "PostgreSQL 16" }));

        result.IsSuccess.Should().BeTrue(result.ToString());
        (await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None))[^1].Fields.Should().Contain("Database version", "PostgreSQL 16");
    }

    [Fact]
    public async Task R12_Deliver_RequiredCriterionMissing_IsValidationNamingIt()
    {
        var host = new TestHost();
        await host.CreateAsync(TestHost.Order() with { DeliveryTemplate = [new TemplateField("Migration report"), new TemplateField("Comments", Required: false)] });
        await host.SubmitAsync();
        await host.AcceptRequestAsync();
        var before = await host.SnapshotAsync();

        var missing = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        var blank = await host.RunAsync(new Deliver("c-2", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            Criteria: new Dictionary<string, string> { ["Migration report"] = " ", ["Comments"] = "None." }));

        ShouldBeValidation(missing, "Criteria.Migration report");
        ShouldBeValidation(blank, "Criteria.Migration report");
        await host.ShouldBeUnchangedAsync(before);
    }

    // ---- proofs and enabling instant ----

    [Fact]
    public async Task R12_Deliver_StatementOfWorkMissing_IsValidation()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, null!, TestHost.AcceptanceDoc));

        ShouldBeValidation(result, "StatementOfWork");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R12_Deliver_AcceptanceDocumentMissing_IsValidation()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, TestHost.Sow, null!));

        ShouldBeValidation(result, "AcceptanceDocument");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R12_Deliver_BothDocumentsMissing_IsOneValidationNamingBoth()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.DeliveryRejected);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, null!, null!));

        ShouldBeValidation(result, "StatementOfWork", "AcceptanceDocument");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R12_Deliver_ReferenceWithoutAbsoluteUri_IsValidation()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, new ProofReference("Statement of work", "sow.pdf"), TestHost.AcceptanceDoc));

        ShouldBeValidation(result, "StatementOfWork.Uri");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R12_Deliver_MoreReferencesThanThePolicyAllows_IsValidation()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();
        var proofs = Enumerable.Range(1, 49).Select(i => new ProofReference("Log " + i, "https://files.example/log-" + i)).ToArray();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, FurtherProofs: proofs));

        ShouldBeValidation(result, "FurtherProofs");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R23_OpenAppeal_NullOrInvalidProof_IsValidationNamingIt()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new OpenAppeal("a-1", "ORD-1", TestHost.Seller, "The buyer is silent.",
            [null!, new ProofReference("", "https://files.example/chat.png")]));

        ShouldBeValidation(result, "Proofs[0]", "Proofs[1].Name");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R12_Deliver_EnablingInstantBeforePlacement_IsValidation()
    {
        var host = new TestHost();
        var flow = await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            EnablingInstant: flow.PlacedAt - Duration.FromSeconds(1)));

        ShouldBeValidation(result, "EnablingInstant");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R12_Deliver_EnablingInstantAfterNow_IsValidation()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            EnablingInstant: host.Clock.GetCurrentInstant() + Duration.FromSeconds(1)));

        ShouldBeValidation(result, "EnablingInstant");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task R12_Deliver_EnablingInstantAtPlacementOrAtNow_IsAccepted(bool atPlacement)
    {
        var host = new TestHost();
        var flow = await host.FlowInStageAsync(Stage.InService);
        var enabling = atPlacement ? flow.PlacedAt : host.Clock.GetCurrentInstant();

        var result = await host.RunAsync(new Deliver("c-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, EnablingInstant: enabling));

        result.IsSuccess.Should().BeTrue(result.ToString());
        (await host.FlowAsync()).EnablingInstant.Should().Be(enabling);
    }

    // ---- conditions ----

    [Fact]
    public async Task R17_SendReminder_MessageLongerThanThePolicyAllows_IsValidationNamingTheMessage()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new SendReminder("r-1", "ORD-1", TestHost.Buyer, new string('m', 10_001)));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Should().ContainSingle().Which.Should().Be(new FieldError("Message",
            "The message has 10001 characters; at most 10000 are allowed. Shorten it or attach a document reference."));
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R17_SendReminder_BeforeTheInterval_IsConditionNotMetSayingWhenTheNextIsAllowed()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var first = await host.MustAsync(new SendReminder("r-1", "ORD-1", TestHost.Buyer));
        host.Clock.Advance(Duration.FromHours(24) - Duration.FromSeconds(1));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new SendReminder("r-2", "ORD-1", TestHost.Buyer));

        result.Error!.Code.Should().Be(SupervisionErrorCode.ConditionNotMet);
        result.Error.RetryAt.Should().Be(first.At + Duration.FromHours(24));
        result.Error.Conditions.Should().ContainSingle().Which.Condition.Should().Be("ReminderInterval");
        result.Error.Message.Should().Contain((first.At + Duration.FromHours(24)).ToString());
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R21_OpenAppeal_ByBuyerWithoutAnyConditionHolding_IsConditionNotMetWithTheDistanceToEach()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(2) + Duration.FromHours(4));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new OpenAppeal("a-1", "ORD-1", TestHost.Buyer, "The seller is slow."));

        result.Error!.Code.Should().Be(SupervisionErrorCode.ConditionNotMet);
        result.Error.Conditions.Select(c => c.Condition).Should().BeEquivalentTo("SellerStalled", "RequestRejections", "DeliveryRejections");
        result.Error.Conditions.Should().OnlyContain(c => !c.Holds);
        result.Error.Message.Should().Contain("seller idle 2 days 4 hours of 5 days")
            .And.Contain("request rejections 0 of 3").And.Contain("delivery rejections 0 of 3");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R22_OpenAppeal_BySellerUnderMirrorConditionsWithoutAnyHolding_IsConditionNotMet()
    {
        var host = new TestHost(new SupervisionPolicy { Version = "old", SellerAppeal = SellerAppealRule.MirrorBuyerConditions });
        await host.FlowInStageAsync(Stage.Delivered);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new OpenAppeal("a-1", "ORD-1", TestHost.Seller, "The buyer is slow."));

        result.Error!.Code.Should().Be(SupervisionErrorCode.ConditionNotMet);
        result.Error.Conditions.Select(c => c.Condition).Should().Contain("BuyerStalled");
        await host.ShouldBeUnchangedAsync(before);
    }

    // ---- freeze and appeal decisions ----

    [Fact]
    public async Task R20_ExecuteAsync_PartyActionWhileFrozen_IsFrozen()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new AcceptDelivery("c-1", "ORD-1", TestHost.Buyer));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Frozen);
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(ActorRole.Buyer)]
    [InlineData(ActorRole.Seller)]
    public async Task R20_OpenAppeal_SecondAppealWhileOneIsOpen_IsFrozen(ActorRole role)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, SupervisionAction.OpenAppeal);
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new OpenAppeal("a-2", "ORD-1", role == ActorRole.Buyer ? TestHost.Buyer : TestHost.Seller, "Another appeal."));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Frozen);
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(Who.Buyer, "WrongRole")]
    [InlineData(Who.Seller, "WrongRole")]
    [InlineData(Who.System, "SystemRoleReserved")]
    [InlineData(Who.OtherBuyer, "NotAParty")]
    [InlineData(Who.OtherSeller, "NotAParty")]
    public async Task R24_DecideAppeal_ByAnyoneButAnOperationsManager_IsForbidden(Who who, string reason)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, SupervisionAction.DecideAppeal);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal("d-1", "ORD-1", Scenario.ActorOf(who), "I decide.", AppealOutcome.Complete));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
        result.Error.Reason.Should().Be(reason);
        await host.ShouldBeUnchangedAsync(before);
        (await host.FlowAsync()).IsFrozen.Should().BeTrue();
    }

    [Fact]
    public async Task R24_DecideAppeal_WithNoAppealOpen_IsNotPermittedInStage()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal("d-1", "ORD-1", TestHost.Manager, "Closed.", AppealOutcome.Close));

        result.Error!.Code.Should().Be(SupervisionErrorCode.NotPermittedInStage);
        result.Error.Message.Should().Contain("no appeal is open");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(Stage.Delivered)]
    [InlineData(Stage.DeliveryRejected)]
    [InlineData(Stage.InService)]
    [InlineData(Stage.Accepted)]
    [InlineData(Stage.Completed)]
    [InlineData(Stage.Closed)]
    [InlineData((Stage)99)]
    [InlineData(null)]
    public async Task R24_DecideAppeal_ReturnToAStageThatIsNotEarlier_IsValidationAndKeepsTheFreeze(Stage? returnTo)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, SupervisionAction.DecideAppeal); // frozen in InService
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal("d-1", "ORD-1", TestHost.Manager, "Back for rework.", AppealOutcome.ReturnTo, returnTo));

        ShouldBeValidation(result, "ReturnTo");
        await host.ShouldBeUnchangedAsync(before);
        (await host.FlowAsync()).Appeal!.FrozenStage.Should().Be(Stage.InService);
    }

    [Theory]
    [InlineData(Stage.AwaitingRequest)]
    [InlineData(Stage.RequestSubmitted)]
    [InlineData(Stage.RequestReturned)]
    public async Task R24_DecideAppeal_ReturnToAnEarlierStage_IsAccepted(Stage returnTo)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, SupervisionAction.DecideAppeal);

        var result = await host.RunAsync(new DecideAppeal("d-1", "ORD-1", TestHost.Manager, "Back to the request.", AppealOutcome.ReturnTo, returnTo));

        result.IsSuccess.Should().BeTrue(result.ToString());
        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(returnTo);
        flow.IsFrozen.Should().BeFalse();
    }

    [Fact]
    public async Task R24_DecideAppeal_ReturnToARequestStageOfAFlowWithoutRequestStep_IsValidation()
    {
        var host = new TestHost();
        await host.CreateAsync("ORD-1", ProductKind.License);
        await host.DeliverAsync();
        await host.SellerAppealAsync();
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal("d-1", "ORD-1", TestHost.Manager, "Back.", AppealOutcome.ReturnTo, Stage.AwaitingRequest));

        ShouldBeValidation(result, "ReturnTo");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(AppealOutcome.Resume, Stage.RequestSubmitted, false, "ReturnTo")]
    [InlineData(AppealOutcome.Complete, Stage.RequestSubmitted, false, "ReturnTo")]
    [InlineData(AppealOutcome.Close, null, true, "ResetRejectionCounts")]
    [InlineData(AppealOutcome.Complete, null, true, "ResetRejectionCounts")]
    public async Task R24_DecideAppeal_DetailThatDoesNotFitTheOutcome_IsValidation(AppealOutcome outcome, Stage? returnTo, bool reset, string field)
    {
        var host = new TestHost();
        await Scenario.PrepareAsync(host, SupervisionAction.DecideAppeal);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new DecideAppeal("d-1", "ORD-1", TestHost.Manager, "Decided.", outcome, returnTo, reset));

        ShouldBeValidation(result, field);
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task R30_ExecuteAsync_CommandIdReusedForADifferentCommand_IsConflict()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.MustAsync(new PostProgressUpdate("c-1", "ORD-1", TestHost.Seller, "Half done."));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", "ORD-1", TestHost.Seller, "All done."));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        result.Error.Reason.Should().Be("CommandIdReused");
        await host.ShouldBeUnchangedAsync(before);
    }

    // ---- creating flows ----

    private static async Task ShouldCreateNothingAsync(TestHost host, SupervisionResult<ServiceFlow> result, params string[] fields)
    {
        result.IsSuccess.Should().BeFalse();
        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation, result.Error.ToString());
        result.Error.Fields.Select(f => f.Field).Should().BeEquivalentTo(fields);
        ((InMemoryServiceFlowStore)host.Store).Count.Should().Be(0);
        (await host.Store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().BeEmpty();
        host.Events.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task R4_CreateFlowAsync_RenewalOrder_IsValidationRenewalOrderAndCreatesNoFlow()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { IsRenewal = true });

        await ShouldCreateNothingAsync(host, result, "IsRenewal");
        result.Error!.Reason.Should().Be("RenewalOrder");
        (await host.Store.LoadAsync("ORD-1", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task R4_CreateFlowAsync_RenewalOfAnOrderThatHasAFlow_IsRefusedAndLeavesTheFlowAlone()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { IsRenewal = true });

        result.Error!.Reason.Should().Be("RenewalOrder");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("OrderNumber", null)]
    [InlineData("OrderNumber", "")]
    [InlineData("OrderNumber", "  ")]
    [InlineData("BuyerId", null)]
    [InlineData("BuyerId", "")]
    [InlineData("SellerId", "")]
    [InlineData("SellerId", " ")]
    [InlineData("ProductId", "")]
    [InlineData("ProductId", null)]
    public async Task R2_CreateFlowAsync_BlankId_IsValidationNamingItAndCreatesNoFlow(string field, string? value)
    {
        var host = new TestHost();
        var order = field switch
        {
            "OrderNumber" => TestHost.Order() with { OrderNumber = value! },
            "BuyerId" => TestHost.Order() with { BuyerId = value! },
            "SellerId" => TestHost.Order() with { SellerId = value! },
            _ => TestHost.Order() with { ProductId = value! },
        };

        var result = await host.Supervisor.CreateFlowAsync(order);

        await ShouldCreateNothingAsync(host, result, field);
    }

    [Fact]
    public async Task R2_CreateFlowAsync_NegativeAmount_IsValidationAndCreatesNoFlow()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { AmountPaid = -0.01m });

        await ShouldCreateNothingAsync(host, result, "AmountPaid");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("CN")]
    [InlineData("EURO")]
    public async Task R2_CreateFlowAsync_BadCurrency_IsValidationAndCreatesNoFlow(string? currency)
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { Currency = currency! });

        await ShouldCreateNothingAsync(host, result, "Currency");
    }

    [Fact]
    public async Task R2_CreateFlowAsync_UndefinedProductKind_IsValidationAndCreatesNoFlow()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { ProductKind = (ProductKind)77 });

        await ShouldCreateNothingAsync(host, result, "ProductKind");
    }

    [Fact]
    public async Task R1_CreateFlowAsync_BuyerIsAlsoTheSeller_IsValidationAndCreatesNoFlow()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { SellerId = TestHost.Buyer.Id });

        await ShouldCreateNothingAsync(host, result, "SellerId");
    }

    [Fact]
    public async Task R2_CreateFlowAsync_SeveralBadFields_IsOneValidationNamingEach()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { BuyerId = "", AmountPaid = -5m, Currency = "X" });

        await ShouldCreateNothingAsync(host, result, "BuyerId", "AmountPaid", "Currency");
    }

    [Fact]
    public async Task R2_CreateFlowAsync_TemplateWithDuplicateOrBlankNames_IsValidation()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with
        {
            RequestTemplate = [new TemplateField("Database version"), new TemplateField("Database version")],
            DeliveryTemplate = [new TemplateField(" ")],
        });

        await ShouldCreateNothingAsync(host, result, "RequestTemplate[1]", "DeliveryTemplate[0]");
    }

    [Fact]
    public async Task R3_CreateFlowAsync_SameOrderNumberWithDifferentData_IsConflictAndChangesNothing()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var before = await host.SnapshotAsync();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { AmountPaid = 999m });

        result.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        result.Error.Reason.Should().Be("DifferentOrderData");
        result.Error.Message.Should().Contain("AmountPaid");
        await host.ShouldBeUnchangedAsync(before);
    }
}
