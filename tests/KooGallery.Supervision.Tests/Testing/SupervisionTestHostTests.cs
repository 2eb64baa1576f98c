using KooGallery.Supervision.FluentAssertions;
using KooGallery.Supervision.Testing;

namespace KooGallery.Supervision.Tests.Testing;

/// <summary>The harness's host: clock, store, parties, captured events, command ids, time steps and reads.</summary>
public class SupervisionTestHostTests
{
    [Fact]
    public void Constructor_Defaults_StartOnAMondayAt0900UtcOverAnInMemoryStore()
    {
        var host = new SupervisionTestHost();

        host.Now.Should().Be(SupervisionTestHost.DefaultStart);
        host.Now.InUtc().DayOfWeek.Should().Be(IsoDayOfWeek.Monday);
        host.Now.InUtc().TimeOfDay.Should().Be(new LocalTime(9, 0));
        host.Store.Should().BeOfType<InMemoryServiceFlowStore>();
        host.Options.Policies.Should().BeEmpty();
        host.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task Constructor_StartStoreAndPolicyGiven_AreUsed()
    {
        var store = new InMemoryServiceFlowStore();
        var start = Instant.FromUtc(2025, 3, 26, 0, 0);
        var policy = new SupervisionPolicy { Version = "2025-03-26", EffectiveFrom = start, CompletionDelay = Duration.FromHours(1) };

        var host = new SupervisionTestHost(policy, store: store, start: start);
        var flow = await host.NewFlow("ORD-1").DriveToAsync(Stage.Completed);

        host.Now.Should().Be(start + Duration.FromHours(1));
        flow.PolicyVersion.Should().Be("2025-03-26");
        store.Count.Should().Be(1);
        host.Options.Policies.Should().Equal(policy);
    }

    [Fact]
    public async Task Constructor_PolicyAlone_IsTheOnePolicyInForce()
    {
        // Before: the built-in default stayed in force beside it, and a flow placed before the policy ran on the default.
        var policy = new SupervisionPolicy { Version = "v2", EffectiveFrom = Instant.FromUtc(2026, 1, 1, 0, 0), CompletionDelay = Duration.FromHours(1) };
        var host = new SupervisionTestHost(policy);

        var inForce = await host.NewFlow("ORD-1").DriveToAsync(Stage.Accepted);
        var before = async () => await host.NewFlow("ORD-2").PlacedAt(Instant.FromUtc(2025, 12, 1, 0, 0)).DriveToAsync(Stage.Accepted);

        host.Options.IncludeDefaultPolicy.Should().BeFalse();
        inForce.PolicyVersion.Should().Be("v2");
        inForce.CompletionDueAt.Should().Be(inForce.AcceptedAt + Duration.FromHours(1));
        await before.Should().ThrowAsync<Exception>().WithMessage("*NoPolicyInForce*");
    }

    [Fact]
    public void Constructor_PolicyAndOptions_ThePolicyJoinsTheOptions()
    {
        var options = new ServiceSupervisionOptions { MaxCommandAttempts = 5 };
        var policy = new SupervisionPolicy { Version = "test" };

        var host = new SupervisionTestHost(policy, options);

        host.Options.Should().BeSameAs(options);
        options.Policies.Should().Equal(policy);
    }

    [Fact]
    public async Task Parties_StrangersAreNotPartiesButAnyOperationsManagerReads()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.InService);

        (await host.Supervisor.GetViewAsync("ORD-1", host.StrangerBuyer)).Should().BeRefusedWith(SupervisionErrorCode.Forbidden).WithReason(SupervisionErrorReason.NotAParty);
        (await host.Supervisor.GetViewAsync("ORD-1", host.StrangerSeller)).Should().BeRefusedWith(SupervisionErrorCode.Forbidden).WithReason(SupervisionErrorReason.NotAParty);
        (await host.Supervisor.GetViewAsync("ORD-1", host.StrangerOperationsManager)).Should().Succeed();
        new[] { host.Buyer, host.Seller, host.OperationsManager, host.StrangerBuyer, host.StrangerSeller, host.StrangerOperationsManager }
            .Select(a => a.Role).Should().Equal(ActorRole.Buyer, ActorRole.Seller, ActorRole.OperationsManager, ActorRole.Buyer, ActorRole.Seller, ActorRole.OperationsManager);
    }

    [Fact]
    public async Task Events_CapturesEveryEventRaisedInOrder_AndEventsOfNarrowsToOneFlow()
    {
        var host = new SupervisionTestHost();

        await host.NewFlow("ORD-1").DriveToAsync(Stage.Accepted);
        await host.NewFlow("ORD-2").DriveToAsync(Stage.RequestSubmitted);

        host.EventsOf("ORD-1").Select(e => e.Kind).Should().Equal(
            SupervisionEventKind.RequestSubmitted, SupervisionEventKind.RequestAccepted,
            SupervisionEventKind.Delivered, SupervisionEventKind.DeliveryAccepted);
        host.EventsOf("ORD-2").Should().ContainSingle().Which.Kind.Should().Be(SupervisionEventKind.RequestSubmitted);
        host.Events.Should().HaveCount(5);
    }

    [Fact]
    public async Task Events_WithoutInlineDispatch_ArriveWithTheSweep()
    {
        var host = new SupervisionTestHost(options: new ServiceSupervisionOptions { DispatchEventsInline = false });
        await host.NewFlow("ORD-1").DriveToAsync(Stage.RequestSubmitted);
        host.Events.Should().BeEmpty();

        var sweep = await host.SweepAsync();

        sweep.EventsDispatched.Should().Be(1);
        host.Events.Should().ContainSingleOfKind(SupervisionEventKind.RequestSubmitted);
    }

    [Fact]
    public async Task Events_RedeliveredAfterAnotherHandlerFailed_AreCapturedOnce()
    {
        var flaky = new FailsOnceHandler();
        var host = new SupervisionTestHost(
            options: new ServiceSupervisionOptions { FailureRetryDelay = TimeSpan.FromSeconds(1) },
            handlers: [flaky]);
        await host.NewFlow("ORD-1").DriveToAsync(Stage.RequestSubmitted);

        host.Advance(Duration.FromSeconds(2));
        await host.SweepAsync();

        flaky.Calls.Should().Be(2, "the event failed once and was handed out again");
        host.Events.Should().ContainSingleOfKind(SupervisionEventKind.RequestSubmitted);
    }

    [Fact]
    public void NextCommandId_IsNewEveryTime()
    {
        var host = new SupervisionTestHost();

        var ids = Enumerable.Range(0, 3).Select(_ => host.NextCommandId()).ToArray();

        ids.Should().Equal("cmd-1", "cmd-2", "cmd-3");
    }

    [Fact]
    public void Advance_AndAdvanceTo_MoveTheClockForwardOnly()
    {
        var host = new SupervisionTestHost();

        host.Advance(Duration.FromHours(2));
        host.Now.Should().Be(SupervisionTestHost.DefaultStart + Duration.FromHours(2));
        host.AdvanceTo(SupervisionTestHost.DefaultStart + Duration.FromDays(1));
        host.Now.Should().Be(SupervisionTestHost.DefaultStart + Duration.FromDays(1));

        ((Action)(() => host.Advance(Duration.FromTicks(-1)))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => host.AdvanceTo(SupervisionTestHost.DefaultStart))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Clock.Reset*");
        host.Now.Should().Be(SupervisionTestHost.DefaultStart + Duration.FromDays(1));
    }

    [Fact]
    public async Task SweepAsync_AppliesTheTimersDueAtTheClocksNow()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.InService);

        host.Advance(Duration.FromDays(5) + Duration.FromTicks(1));
        var sweep = await host.SweepAsync();

        sweep.FlowsUpdated.Should().Be(1);
        sweep.AsOf.Should().Be(host.Now);
        host.EventsOf("ORD-1").Should().ContainSingleOfKind(SupervisionEventKind.Stalled).Which.Concerns.Should().Be(Party.Seller);
        (await host.ViewAsync("ORD-1", host.Buyer)).Should().BeStalled().And.Permit(SupervisionAction.OpenAppeal);
    }

    [Fact]
    public async Task ViewAsync_RecordsAsync_FlowAsync_ReadThroughTheSupervisor()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.Delivered);

        var view = await host.ViewAsync("ORD-1", host.Buyer);
        var records = await host.RecordsAsync("ORD-1");
        var flow = await host.FlowAsync("ORD-1");

        view.Viewer.Should().Be(host.Buyer);
        view.PermittedActions.Should().Contain([SupervisionAction.AcceptDelivery, SupervisionAction.RejectDelivery]);
        records.Select(r => r.Sequence).Should().Equal(1, 2, 3, 4);
        flow.Version.Should().Be(view.Version);
        flow.Stage.Should().Be(Stage.Delivered);
    }

    [Fact]
    public async Task ViewAsync_ARefusedRead_ThrowsWithTheLibrarysMessage()
    {
        var host = new SupervisionTestHost();

        var act = () => host.ViewAsync("ORD-404", host.Buyer);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("Reading order ORD-404 as Buyer buyer-1 was refused with NotFound (NoSuchFlow)")
            .And.Contain("No service flow has order number 'ORD-404'");
    }

    [Fact]
    public async Task ExecuteAsync_ReturnsTheAttemptWithTheFlowAsItStandsAfter()
    {
        var host = new SupervisionTestHost();
        await host.NewFlow("ORD-1").DriveToAsync(Stage.RequestSubmitted);

        var accepted = await host.ExecuteAsync(new AcceptRequest(host.NextCommandId(), "ORD-1", host.Seller));
        var refused = await host.ExecuteAsync(new AcceptRequest(host.NextCommandId(), "ORD-1", host.Seller));

        accepted.IsSuccess.Should().BeTrue();
        accepted.Outcome.StageAfter.Should().Be(Stage.InService);
        accepted.FlowAfter!.Stage.Should().Be(Stage.InService);
        accepted.ToString().Should().Be("AcceptRequest cmd-2 by Seller seller-1 on order ORD-1 was accepted: RequestSubmitted -> InService");
        refused.IsSuccess.Should().BeFalse();
        refused.Error!.Code.Should().Be(SupervisionErrorCode.NotPermittedInStage);
        refused.FlowAfter!.Version.Should().Be(accepted.FlowAfter.Version, "a refusal changes nothing");
        ((Func<CommandOutcome>)(() => refused.Outcome)).Should().Throw<InvalidOperationException>()
            .WithMessage("AcceptRequest cmd-3 by Seller seller-1 on order ORD-1 was refused with NotPermittedInStage (NotInStage) in stage InService: AcceptRequest is not permitted in stage InService.*");
    }

    [Fact]
    public async Task ExecuteAsync_OnAnUnknownOrder_HasNoFlowAfter()
    {
        var host = new SupervisionTestHost();

        var attempt = await host.ExecuteAsync(new AcceptRequest(host.NextCommandId(), "ORD-404", host.Seller));

        attempt.Error!.Code.Should().Be(SupervisionErrorCode.NotFound);
        attempt.FlowAfter.Should().BeNull();
    }

    [Fact]
    public void ValueOrThrow_NamesTheStepAndQuotesTheRefusal()
    {
        var refused = SupervisionResult<int>.Failure(new SupervisionError
        {
            Code = SupervisionErrorCode.Frozen,
            Reason = SupervisionErrorReason.AppealOpen,
            Message = "Order ORD-1 is frozen.",
            Stage = Stage.Delivered,
        });

        SupervisionResult<int>.Success(7).ValueOrThrow("Counting").Should().Be(7);
        ((Action)(() => refused.ValueOrThrow("Accepting the delivery of ORD-1"))).Should().Throw<InvalidOperationException>()
            .WithMessage("Accepting the delivery of ORD-1 was refused with Frozen (AppealOpen) in stage Delivered: Order ORD-1 is frozen.");
    }

    private sealed class FailsOnceHandler : ISupervisionEventHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("The notification service is down.")
                : ValueTask.CompletedTask;
    }
}
