using System.Collections.ObjectModel;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Regressions;

/// <summary>Regression tests for the findings of the first review; each name says what it guards.</summary>
public class HardeningRegressionTests
{
    [Fact]
    public async Task ApplyDueTimers_FlowWhosePolicyVersionIsNoLongerRegistered_IsReportedAndTheOtherFlowsStillComplete()
    {
        var clock = new FakeClock(TestHost.Start);
        var store = new InMemoryServiceFlowStore();
        var before = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { Policies = { new SupervisionPolicy { Version = "old" } } });
        await before.CreateFlowAsync(TestHost.Order("OLD", ProductKind.License));
        await before.ExecuteAsync(new Deliver("d-old", "OLD", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        await before.ExecuteAsync(new AcceptDelivery("a-old", "OLD", TestHost.Buyer));
        var failures = new List<string>();
        var after = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions
        {
            Policies = { new SupervisionPolicy { Version = "new" } },
            TimerFailed = (order, _) => failures.Add(order),
        });
        await after.CreateFlowAsync(TestHost.Order("NEW", ProductKind.License));
        await after.ExecuteAsync(new Deliver("d-new", "NEW", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        await after.ExecuteAsync(new AcceptDelivery("a-new", "NEW", TestHost.Buyer));
        clock.Advance(Duration.FromHours(3));

        var sweep = await after.ApplyDueTimersAsync();
        var search = await after.SearchAsync(new FlowQuery(), TestHost.Manager);

        sweep.FlowsUpdated.Should().Be(1);
        failures.Should().Contain("OLD");
        (await store.LoadAsync("NEW", CancellationToken.None))!.Stage.Should().Be(Stage.Completed);
        (await store.LoadAsync("OLD", CancellationToken.None))!.Stage.Should().Be(Stage.Accepted, "a flow is never moved to another policy silently (R33)");
        search.IsSuccess.Should().BeTrue("one bad flow does not break searches");
    }

    [Fact]
    public async Task Execute_HandlerAndFailureCallbackBothThrow_TheAcceptedCommandStillSucceedsAndItsEventStaysPending()
    {
        var clock = new FakeClock(TestHost.Start);
        var store = new InMemoryServiceFlowStore();
        var supervisor = new ServiceSupervisor(store, clock,
            new ServiceSupervisionOptions { EventHandlerFailed = (_, _) => throw new InvalidOperationException("the logger is down too") },
            [new ThrowingHandler()]);
        await supervisor.CreateFlowAsync(TestHost.Order());

        var result = await supervisor.ExecuteAsync(new SubmitRequest("s", "ORD-1", TestHost.Buyer, "text"));

        result.IsSuccess.Should().BeTrue();
        (await store.ReadPendingEventsAsync(Instant.MaxValue, 10, CancellationToken.None)).Should().ContainSingle(e => e.Kind == SupervisionEventKind.RequestSubmitted);
    }

    [Fact]
    public void DefaultResult_IsNotASuccess()
    {
        var result = default(SupervisionResult<CommandOutcome>);

        result.IsSuccess.Should().BeFalse();
        result.Error!.Reason.Should().Be("DefaultResult");
        ((Action)(() => _ = result.Value)).Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Execute_TextThatNoStoreKeepsExactly_IsAValidationErrorAndChangesNothing(int sample)
    {
        // Built here, not in the attribute: test discovery would not keep a lone surrogate intact.
        var text = sample switch
        {
            0 => "nul" + '\0' + "inside",
            1 => "bell" + (char)7,
            _ => "lone " + (char)0xD800 + " surrogate",
        };
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var before = await host.SnapshotAsync();

        var reason = await host.RunAsync(new ReturnRequest(host.NextCommandId(), "ORD-1", TestHost.Seller, text));
        var id = await host.RunAsync(new AcceptRequest("id\0", "ORD-1", TestHost.Seller));

        reason.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        reason.Error.Fields.Should().ContainSingle(f => f.Field == "Reason");
        id.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        (await host.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Execute_TextWithLineBreaksAndTabs_IsAccepted()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);

        var result = await host.RunAsync(new ReturnRequest(host.NextCommandId(), "ORD-1", TestHost.Seller, "Missing:\n\t- target version\r\n\t- window"));

        result.IsSuccess.Should().BeTrue();
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("data:text/html,<script>1</script>")]
    public async Task Deliver_ProofLinkWithAnUnsafeScheme_IsRefused(string uri)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, new ProofReference("SOW", uri), TestHost.AcceptanceDoc));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Should().ContainSingle(f => f.Field == "StatementOfWork.Uri");
    }

    [Fact]
    public async Task R14_CompleteOnAppealBeforeAcceptance_RecordsTheServiceStart()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var enabling = host.Clock.GetCurrentInstant() - Duration.FromMinutes(2);
        await host.MustAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, EnablingInstant: enabling));
        await host.SellerAppealAsync();

        await host.DecideAsync(AppealOutcome.Complete);

        var flow = await host.FlowAsync();
        flow.Stage.Should().Be(Stage.Completed);
        flow.ServiceStart.Should().Be(enabling);
    }

    [Fact]
    public async Task Refusals_ToAStranger_DoNotTellTheStageOrAnotherOrder()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted, "ORD-1");
        await host.FlowInStageAsync(Stage.RequestSubmitted, "ORD-2");
        await host.MustAsync(new AcceptRequest("shared-id", "ORD-1", TestHost.Seller));

        var stranger = await host.RunAsync(new AcceptRequest(host.NextCommandId(), "ORD-1", TestHost.OtherSeller));
        var reused = await host.RunAsync(new ReturnRequest("shared-id", "ORD-2", TestHost.Seller, "reason"));

        stranger.Error!.Stage.Should().BeNull();
        stranger.Error.Message.Should().NotContain("shared-id");
        reused.IsSuccess.Should().BeTrue("a command id names a command on its own flow (R30), so nothing about ORD-1 shows on ORD-2");
        reused.Value.OrderNumber.Should().Be("ORD-2");
    }

    [Fact]
    public void Policy_SetsGivenToIt_AreCopied()
    {
        var days = new HashSet<IsoDayOfWeek> { IsoDayOfWeek.Monday };
        var policy = new SupervisionPolicy { WorkingDays = days };

        days.Add(IsoDayOfWeek.Saturday);

        policy.WorkingDays.Should().BeEquivalentTo([IsoDayOfWeek.Monday]);
    }

    [Fact]
    public async Task R26_RecordsAndAppeals_CannotBeChangedThroughACast()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.MustAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            FurtherProofs: [new ProofReference("Log", "https://files.example/log")]));
        await host.MustAsync(new OpenAppeal(host.NextCommandId(), "ORD-1", TestHost.Seller, "reason", [new ProofReference("Chat", "https://files.example/chat")]));
        var view = await host.ViewAsync(TestHost.Manager);
        var deliver = view.Records.Single(r => r.Action == SupervisionAction.Deliver);

        deliver.References.Should().NotBeAssignableTo<ProofReference[]>().And.NotBeAssignableTo<List<ProofReference>>();
        (deliver.References as IList<ProofReference>)?.IsReadOnly.Should().BeTrue();
        view.Appeal!.Proofs.Should().NotBeAssignableTo<List<ProofReference>>().And.NotBeAssignableTo<ProofReference[]>();
        deliver.Fields.Should().NotBeAssignableTo<Dictionary<string, string>>();
        view.Records[0].Fields.Should().BeAssignableTo<ReadOnlyDictionary<string, string>>();
    }

    private sealed class ThrowingHandler : ISupervisionEventHandler
    {
        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken) => throw new InvalidOperationException("notifications are down");
    }
}
