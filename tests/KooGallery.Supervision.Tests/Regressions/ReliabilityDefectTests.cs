using System.Collections;
using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KooGallery.Supervision.Tests.Regressions;

/// <summary>
/// Regression tests for the defects a hostile review found in the engine; each name says the defect it
/// guards. Store-level ones are in the store conformance suite, validation ones in ValidationDefectTests.
/// </summary>
public class ReliabilityDefectTests
{
    private static readonly Duration ThreeHours = Duration.FromHours(3);

    // Defect 1: odd characters in search filters reached the store.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Defect_SearchFilterWithNulLoneSurrogateOrBidiOverride_IsValidationAndNeverReachesTheStore(int which)
    {
        // Built here: attribute arguments cannot carry a lone surrogate.
        var seller = which == 0 ? "seller\0one" : null;
        var buyer = which == 1 ? "buyer" + (char)0xD800 : null;
        var product = which == 2 ? "product\u202E1" : null;
        var store = new CountingStore(new InMemoryServiceFlowStore());
        var host = new TestHost(store: store);
        await host.CreateAsync();

        var result = await host.Supervisor.SearchAsync(new FlowQuery { SellerId = seller, BuyerId = buyer, ProductId = product }, TestHost.Manager);

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Should().ContainSingle();
        store.Searches.Should().Be(0);
    }

    [Fact]
    public async Task Defect_SearchCursorWithNul_IsValidation()
    {
        var host = new TestHost();

        var result = await host.Supervisor.SearchAsync(new FlowQuery { After = new FlowCursor(TestHost.Start, "ORD\0") }, TestHost.Manager);

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Single().Field.Should().Be("After.OrderNumber");
    }

    // Defect 2: a batch of failing flows kept the sweep from ever reaching healthy ones.
    [Fact]
    public async Task Defect_FailingFlowsAheadOfAHealthyOne_AreParkedAndTheSweepReachesTheHealthyFlow()
    {
        var clock = new FakeClock(TestHost.Start);
        var store = new InMemoryServiceFlowStore();
        var old = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { Policies = { new SupervisionPolicy { Version = "old" } } });
        for (var i = 0; i < 30; i++)
        {
            await AcceptLicenseAsync(old, $"OLD-{i:D2}");
        }

        clock.Advance(Duration.FromMinutes(1));
        var failures = new List<string>();
        var current = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions
        {
            Policies = { new SupervisionPolicy { Version = "new" } },
            TimerSweepBatchSize = 10,
            TimerFailed = (order, _) => failures.Add(order),
        });
        await AcceptLicenseAsync(current, "HEALTHY");
        clock.Advance(Duration.FromDays(1));

        var sweep = await current.ApplyDueTimersAsync();

        sweep.FlowsUpdated.Should().Be(1);
        (await store.LoadAsync("HEALTHY", CancellationToken.None))!.Stage.Should().Be(Stage.Completed);
        failures.Should().HaveCount(30).And.OnlyHaveUniqueItems("each failing flow is parked once, not retried within the sweep");

        var again = await current.ApplyDueTimersAsync();
        again.FlowsUpdated.Should().Be(0);
        failures.Should().HaveCount(30, "parked flows wait out their retry delay");
        clock.Advance(Duration.FromHours(2));
        await current.ApplyDueTimersAsync();
        failures.Should().HaveCount(60, "after the delay they are tried again, once each");
    }

    // Defect 3: a hanging handler blocked commands, reads and searches forever.
    [Fact]
    public async Task Defect_HangingHandler_DoesNotHoldACommandPastTheHandlerTimeLimit()
    {
        var time = new FakeTimeProvider();
        var hanging = new HangingHandler();
        var clock = new FakeClock(TestHost.Start);
        var store = new InMemoryServiceFlowStore();
        var supervisor = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { EventHandlerTimeout = TimeSpan.FromSeconds(5) }, [hanging], time);
        await supervisor.CreateFlowAsync(TestHost.Order());

        var command = supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate.")).AsTask();
        await hanging.Entered.Task;
        command.IsCompleted.Should().BeFalse("the handler is still within its time limit");
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await command;

        result.IsSuccess.Should().BeTrue("the change was committed; the handler's hang does not undo or block it");
        hanging.TokenWasCancelled.Should().BeTrue("the handler's token is cancelled at its time limit");
        (await store.ReadPendingEventsAsync(Instant.MaxValue, 10, CancellationToken.None)).Should().ContainSingle("the event stays pending for a later dispatch");
    }

    [Fact]
    public async Task Defect_HangingHandler_CommandReturnsWhenTheCallerCancelsAfterTheCommit()
    {
        var hanging = new HangingHandler();
        var clock = new FakeClock(TestHost.Start);
        var store = new InMemoryServiceFlowStore();
        var supervisor = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { EventHandlerTimeout = TimeSpan.FromHours(1) }, [hanging]);
        await supervisor.CreateFlowAsync(TestHost.Order());
        using var caller = new CancellationTokenSource();

        var command = supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."), caller.Token).AsTask();
        await hanging.Entered.Task;
        await caller.CancelAsync();
        var result = await command;

        result.IsSuccess.Should().BeTrue("the command was committed before the caller gave up");
        (await store.LoadAsync("ORD-1", CancellationToken.None))!.Stage.Should().Be(Stage.RequestSubmitted);
    }

    [Fact]
    public async Task Defect_SearchCatchingUpOtherFlows_NeverRunsTheirHandlers()
    {
        var hanging = new HangingHandler();
        var clock = new FakeClock(TestHost.Start);
        var store = new InMemoryServiceFlowStore();
        var plain = new ServiceSupervisor(store, clock);
        await AcceptLicenseAsync(plain, "ORD-1");
        clock.Advance(ThreeHours);
        var supervisor = new ServiceSupervisor(store, clock, handlers: [hanging]);

        var page = await supervisor.SearchAsync(new FlowQuery(), Actor.Seller("seller-9"));

        page.IsSuccess.Should().BeTrue();
        hanging.Entered.Task.IsCompleted.Should().BeFalse("a search leaves other flows' events to the dispatcher");
        (await store.LoadAsync("ORD-1", CancellationToken.None))!.Stage.Should().Be(Stage.Completed, "the search still caught the due completion up (R15)");
    }

    // Defect 4: the System role, under any id, could read and search every flow.
    [Fact]
    public async Task Defect_SystemRoleFromACaller_IsForbiddenForViewsPermittedActionsAndSearch()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var system = Actor.System;

        var view = await host.Supervisor.GetViewAsync("ORD-1", system);
        var actions = await host.Supervisor.GetPermittedActionsAsync("ORD-1", new Actor("anyone", ActorRole.System));
        var search = await host.Supervisor.SearchAsync(new FlowQuery(), system);

        foreach (var error in new[] { view.Error, actions.Error, search.Error })
        {
            error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
            error.Reason.Should().Be(SupervisionErrorReason.SystemRoleReserved);
        }
    }

    // Defect 6: dispatching pending events re-read every failed event on every pass.
    [Fact]
    public async Task Defect_DispatchWhileAHandlerIsDown_IsBoundedAndNeverRereadsAFailedEventBeforeItsRetry()
    {
        var failing = new FailingHandler();
        var clock = new FakeClock(TestHost.Start);
        var store = new CountingStore(new InMemoryServiceFlowStore());
        var supervisor = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { DispatchEventsInline = false, TimerSweepBatchSize = 50 }, [failing]);
        for (var i = 0; i < 200; i++)
        {
            await supervisor.CreateFlowAsync(TestHost.Order($"ORD-{i:D3}"));
            await supervisor.ExecuteAsync(new SubmitRequest($"s-{i}", $"ORD-{i:D3}", TestHost.Buyer, "Please migrate."));
        }

        var first = await supervisor.DispatchPendingEventsAsync();
        var readInFirstCall = store.PendingEventsRead;
        var second = await supervisor.DispatchPendingEventsAsync();

        first.Should().Be(0);
        second.Should().Be(0);
        readInFirstCall.Should().Be(50, "one batch is read, not a batch that grows with every failure");
        failing.Calls.Should().Be(2 * OutboxDispatcher.FailuresInARowPerCall, "a call gives up after a few failures in a row, so a sweep stays bounded");
        failing.EventIds.Should().OnlyHaveUniqueItems("a failed event is deferred, so the next call tries the next ones");

        failing.Down = false;
        clock.Advance(Duration.FromHours(2));
        var delivered = await supervisor.DispatchPendingEventsAsync();

        delivered.Should().Be(200);
        (await store.ReadPendingEventsAsync(Instant.MaxValue, 1000, CancellationToken.None)).Should().BeEmpty();
    }

    // Defect 7: a stranger reusing someone's command id got Conflict naming the action.
    [Fact]
    public async Task Defect_StrangerReusingAPartysCommandId_IsForbiddenAndLearnsNothingAboutTheId()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        await host.MustAsync(new AcceptRequest("accept-1", "ORD-1", TestHost.Seller));

        var stranger = await host.RunAsync(new AcceptRequest("accept-1", "ORD-1", TestHost.OtherSeller));

        stranger.Error!.Code.Should().Be(SupervisionErrorCode.Forbidden);
        stranger.Error.Reason.Should().Be(SupervisionErrorReason.NotAParty);
        stranger.Error.Message.Should().NotContain("accept-1").And.NotContain("AcceptRequest");
    }

    [Fact]
    public async Task Defect_PredictableIdSquattedOnOwnFlow_DoesNotBlockTheSameIdOnAnotherFlow()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted, "ORD-1");
        await host.CreateAsync(TestHost.Order("ORD-2") with { BuyerId = "buyer-2" });
        await host.MustAsync(new SubmitRequest("submit-ORD-2", "ORD-2", TestHost.OtherBuyer, "Mine."));

        var seller = await host.RunAsync(new AcceptRequest("submit-ORD-2", "ORD-1", TestHost.Seller));

        seller.IsSuccess.Should().BeTrue("an id names a command on its flow (R30)");
    }

    // Defect 8: validation and the stored record read the caller's collection separately.
    [Fact]
    public async Task Defect_ListWhoseIndexerAnswersDifferentlyFromItsEnumerator_IsReadOnceAndWhatIsStoredIsWhatWasValidated()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var twoFaced = new TwoFacedList(new ProofReference("Screenshot", "https://files.example/shot.png"), new ProofReference("Screenshot", "javascript:alert(1)"));

        var outcome = await host.RunAsync(new Deliver("d-1", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, twoFaced));

        var uris = (await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None)).SelectMany(r => r.References).Select(r => r.Uri);
        uris.Should().NotContain(u => u.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
        if (outcome.IsSuccess)
        {
            uris.Should().Contain("https://files.example/shot.png");
        }
    }

    // Defect 11: memory and CPU were spent before any check.
    [Fact]
    public async Task Defect_HugeTemplateValueDictionary_IsReadOnlyUpToTheLimitAndRefusedWithOneError()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var values = new CountingDictionary(200_000);

        var result = await host.RunAsync(new SubmitRequest("s-1", "ORD-1", TestHost.Buyer, "Text.", values));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        values.ItemsRead.Should().BeLessThan(100, "no more values are read than the template allows, plus a few");
        result.Error.Fields.Should().HaveCountLessThan(30);
    }

    [Fact]
    public async Task Defect_DictionaryOfTooLongFieldNames_IsReadOnlyUpToTheLimitAndReportsAFewErrors()
    {
        var host = new TestHost();
        await host.CreateAsync();
        var values = new CountingDictionary(1_000_000, keyLength: 201);

        var result = await host.RunAsync(new SubmitRequest("s-1", "ORD-1", TestHost.Buyer, "Text.", values));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        values.ItemsRead.Should().BeLessThan(100, "bad names count toward the limit like good ones");
        result.Error.Fields.Should().HaveCountLessThan(30);
    }

    [Fact]
    public async Task Defect_HugeTextOnAFlowThatDoesNotExist_IsNotFoundWithoutHashingIt()
    {
        var host = new TestHost();
        var huge = new string('x', 20_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", "ORD-404", TestHost.Seller, huge));

        result.Error!.Code.Should().Be(SupervisionErrorCode.NotFound);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1_000_000, "a 20-million-character text is not encoded or copied before the checks");
    }

    [Fact]
    public async Task Defect_HugeTextFromTheParty_IsRefusedAsValidationWithoutHashingIt()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var huge = new string('x', 20_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = await host.RunAsync(new PostProgressUpdate("c-1", "ORD-1", TestHost.Seller, huge));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Single().Field.Should().Be("Text");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1_000_000);
    }

    // Defect 12: the fingerprint mapped every lone surrogate to U+FFFD.
    [Fact]
    public async Task Defect_RetryWhoseTextDiffersOnlyByALoneSurrogate_IsNotReplayed()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        await host.MustAsync(new PostProgressUpdate("u-1", "ORD-1", TestHost.Seller, "step \uFFFD done"));

        var retry = await host.RunAsync(new PostProgressUpdate("u-1", "ORD-1", TestHost.Seller, "step \uD800 done"));

        retry.IsSuccess.Should().BeFalse("a different text is a different command, not a retry");
        retry.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        retry.Error.Reason.Should().Be(SupervisionErrorReason.CommandIdReused);
    }

    // Defect 13: a clock that went back during an appeal completed a flow before acceptance plus the delay.
    [Fact]
    public async Task Defect_ClockSetBackDuringAnAppeal_NeverCompletesBeforeAcceptancePlusTheDelay()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Accepted);
        var acceptedAt = (await host.FlowAsync()).AcceptedAt!.Value;
        host.Clock.Advance(Duration.FromHours(2));
        await host.SellerAppealAsync();
        host.Clock.Reset(host.Clock.GetCurrentInstant() - Duration.FromHours(10));
        await host.DecideAsync(AppealOutcome.Resume);

        host.Clock.Advance(Duration.FromHours(1));
        await host.Supervisor.ApplyDueTimersAsync();
        var early = await host.FlowAsync();
        host.Clock.Reset(acceptedAt + ThreeHours);
        await host.Supervisor.ApplyDueTimersAsync();
        var due = await host.FlowAsync();

        early.Stage.Should().Be(Stage.Accepted);
        early.CompletionDueAt.Should().Be(acceptedAt + ThreeHours);
        due.Stage.Should().Be(Stage.Completed);
        (due.CompletedAt!.Value >= acceptedAt + ThreeHours).Should().BeTrue();
    }

    // Refusals that read wrong.
    [Fact]
    public async Task Defect_StallAtExactlyTheThreshold_DoesNotReadAsMet()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        host.Clock.Advance(Duration.FromDays(5));

        var appeal = await host.RunAsync(new OpenAppeal("a-1", "ORD-1", TestHost.Buyer, "Silent."));

        var stall = appeal.Error!.Conditions.Single(c => c.Condition == "SellerStalled");
        stall.Holds.Should().BeFalse();
        stall.Description.Should().Contain("not yet stalled").And.Contain("more than 5 days");
        appeal.Error.Message.Should().Contain("idle more than 5 days");
    }

    [Fact]
    public async Task Defect_ReasonIsAlwaysAStableCodeAndFrozenSaysWhenToRetry()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var decide = await host.RunAsync(new DecideAppeal("d-1", "ORD-1", TestHost.Manager, "Nothing to decide.", AppealOutcome.Resume));
        await host.SellerAppealAsync();
        var frozen = await host.RunAsync(new AcceptDelivery("a-1", "ORD-1", TestHost.Buyer));
        var missing = await host.RunAsync(new AcceptDelivery("a-2", "ORD-404", TestHost.Buyer));

        decide.Error!.Reason.Should().Be(SupervisionErrorReason.NoOpenAppeal);
        frozen.Error!.Reason.Should().Be(SupervisionErrorReason.AppealOpen);
        frozen.Error.RetryAt.Should().Be((await host.FlowAsync()).Appeal!.DecisionDueAt);
        missing.Error!.Reason.Should().Be(SupervisionErrorReason.NoSuchFlow);
        foreach (var reason in new[] { decide.Error.Reason, frozen.Error.Reason, missing.Error.Reason })
        {
            reason.Should().MatchRegex("^[A-Z][A-Za-z]+$");
        }
    }

    [Fact]
    public async Task Defect_ToStringOfFlowsViewsAndRecords_DescribesContentNotTypeNames()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var view = await host.ViewAsync(TestHost.Buyer);

        var flow = await host.FlowAsync();
        var texts = new[] { flow.ToString(), view.ToString(), view.Records[^1].ToString() };

        texts.Should().AllSatisfy(t => t.Should().NotContain("[]").And.NotContain("System.").And.NotContain("ProofReference"));
        flow.ToString().Should().Contain("ORD-1").And.Contain("Delivered");
        view.Records[^1].ToString().Should().Contain("Deliver").And.Contain("2 references");
    }

    // Suspected and confirmed: a view read the flow and its records in two calls.
    [Fact]
    public async Task Defect_ViewWhileACommandSavesBetweenItsTwoReads_ShowsTheRecordsOfTheStateItShows()
    {
        var inner = new InMemoryServiceFlowStore();
        var store = new InterleavingStore(inner);
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.InService);
        store.BeforeNextRecordsRead = () => host.MustAsync(new PostProgressUpdate("p-1", "ORD-1", TestHost.Seller, "Half done."));

        var view = await host.ViewAsync(TestHost.Buyer);

        view.Records.Should().NotContain(r => r.Action == SupervisionAction.PostProgressUpdate, "the update was saved after the flow the view shows was read");
        view.Records.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, view.Records.Count).Select(i => (long)i));
    }

    private static async Task AcceptLicenseAsync(ServiceSupervisor supervisor, string orderNumber)
    {
        (await supervisor.CreateFlowAsync(TestHost.Order(orderNumber, ProductKind.License))).GetValueOrThrow();
        (await supervisor.ExecuteAsync(new Deliver("d-" + orderNumber, orderNumber, TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc))).GetValueOrThrow();
        (await supervisor.ExecuteAsync(new AcceptDelivery("a-" + orderNumber, orderNumber, TestHost.Buyer))).GetValueOrThrow();
    }

    private sealed class HangingHandler : ISupervisionEventHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TokenWasCancelled { get; private set; }

        public async ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            cancellationToken.Register(() => TokenWasCancelled = true);
            Entered.TrySetResult();
            await new TaskCompletionSource().Task; // ignores its token: never finishes
        }
    }

    private sealed class FailingHandler : ISupervisionEventHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Guid> _ids = new();

        public bool Down { get; set; } = true;

        public int Calls => _ids.Count;

        public IReadOnlyCollection<Guid> EventIds => _ids;

        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            if (!Down)
            {
                return ValueTask.CompletedTask;
            }

            _ids.Enqueue(supervisionEvent.Id);
            throw new InvalidOperationException("SMTP down");
        }
    }

    private sealed class TwoFacedList(ProofReference enumerated, ProofReference indexed) : IReadOnlyList<ProofReference>
    {
        public ProofReference this[int index] => indexed;

        public int Count => 1;

        public IEnumerator<ProofReference> GetEnumerator()
        {
            yield return enumerated;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class CountingDictionary(int count, int keyLength = 0) : IReadOnlyDictionary<string, string>
    {
        public int ItemsRead { get; private set; }

        public int Count => count;

        public IEnumerable<string> Keys => this.Select(p => p.Key);

        public IEnumerable<string> Values => this.Select(p => p.Value);

        public string this[string key] => throw new KeyNotFoundException(key);

        public bool ContainsKey(string key) => false;

        public bool TryGetValue(string key, out string value)
        {
            value = string.Empty;
            return false;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                ItemsRead++;
                var key = "field-" + i;
                yield return new KeyValuePair<string, string>(key.PadRight(keyLength, 'x'), "value");
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
