using System.Collections.Concurrent;
using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>
/// How the outbox hands events to the handlers and what it does when a handler, the store, the caller or the
/// failure callback gets in the way: a failed event is deferred with the retry instant of its attempt and handed to
/// no further handler; an event whose deferral failed is read past; failures in a row end a call, a success between
/// them does not; a cancellation by the caller stops the dispatch and is no failure of a handler.
/// </summary>
public class OutboxDispatchTests
{
    /// <summary>A handler whose behaviour each test sets per call (the 1-based number of the call in this handler).</summary>
    private sealed class ScriptedHandler : ISupervisionEventHandler
    {
        private int _calls;

        public Func<int, SupervisionEvent, CancellationToken, Task>? OnCall { get; set; }

        public int Calls => _calls;

        public ConcurrentQueue<SupervisionEvent> Handled { get; } = new();

        public async ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            if (OnCall is { } onCall)
            {
                await onCall(call, supervisionEvent, cancellationToken);
            }

            Handled.Enqueue(supervisionEvent);
        }
    }

    private sealed class Outbox : IDisposable
    {
        public Outbox(ServiceSupervisionOptions? options = null, TimeProvider? time = null, params ISupervisionEventHandler[] handlers)
        {
            Options = options ?? new ServiceSupervisionOptions { DispatchEventsInline = false };
            Options.EventHandlerFailed = (e, exception) =>
            {
                Failures.Enqueue((e, exception));
                ThrowFromCallback?.Invoke();
            };
            Supervisor = new ServiceSupervisor(Store, Clock, Options, handlers.Length == 0 ? [Handler] : handlers, time, Logs.Factory);
        }

        public FakeClock Clock { get; } = new(TestHost.Start);

        public HookedStore Store { get; } = new();

        public ScriptedHandler Handler { get; } = new();

        public LogProbe Logs { get; } = new();

        public ServiceSupervisionOptions Options { get; }

        public ServiceSupervisor Supervisor { get; }

        public ConcurrentQueue<(SupervisionEvent Event, Exception Exception)> Failures { get; } = new();

        public Action? ThrowFromCallback { get; set; }

        public CancellationTokenSource Caller { get; } = new();

        /// <summary>Creates <paramref name="count"/> flows and submits their requests, a minute apart; returns how many events wait.</summary>
        public async Task<int> PendingEventsAsync(int count)
        {
            for (var i = 1; i <= count; i++)
            {
                (await Supervisor.CreateFlowAsync(TestHost.Order($"ORD-{i}"))).GetValueOrThrow();
                (await Supervisor.ExecuteAsync(new SubmitRequest($"s-{i}", $"ORD-{i}", TestHost.Buyer, "Please migrate."))).GetValueOrThrow();
                Clock.Advance(Duration.FromMinutes(1));
            }

            return await PendingAsync();
        }

        public async Task<int> PendingAsync() => (await Store.ReadPendingEventsAsync(Instant.MaxValue, 10_000, CancellationToken.None)).Count;

        public void Dispose()
        {
            Supervisor.Dispose();
            Logs.Dispose();
            Caller.Dispose();
        }
    }

    private static Task Fail(string message = "SMTP down") => throw new InvalidOperationException(message);

    [Fact]
    public async Task A_dispatch_span_counts_the_events_it_was_given_delivered_and_failed()
    {
        using var spans = new SpanProbe();
        using var outbox = new Outbox();
        var events = await outbox.PendingEventsAsync(3);
        outbox.Handler.OnCall = (call, _, _) => call == 2 ? Fail() : Task.CompletedTask;

        using (spans.StartTrace("test"))
        {
            (await outbox.Supervisor.DispatchPendingEventsAsync()).Should().Be(events - 1);
        }

        var dispatch = spans.Named(SupervisionTelemetry.DispatchSpan).Should().ContainSingle().Subject;
        dispatch.GetTagItem(TelemetryTags.EventCount).Should().Be(events);
        dispatch.GetTagItem(TelemetryTags.EventsDelivered).Should().Be(events - 1);
        dispatch.GetTagItem(TelemetryTags.EventsFailed).Should().Be(1);
    }

    [Fact]
    public async Task An_event_a_handler_failed_is_handed_to_no_further_handler_and_stays_pending()
    {
        var first = new ScriptedHandler { OnCall = (_, _, _) => Fail() };
        var second = new ScriptedHandler();
        using var outbox = new Outbox(null, null, first, second);
        var events = await outbox.PendingEventsAsync(1);

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync();

        delivered.Should().Be(0);
        first.Calls.Should().Be(events);
        second.Calls.Should().Be(0, "the first handler's failure ends the event's turn");
        (await outbox.PendingAsync()).Should().Be(events);
    }

    [Fact]
    public async Task A_success_between_failures_starts_the_count_of_failures_in_a_row_again()
    {
        using var outbox = new Outbox();
        var events = await outbox.PendingEventsAsync(6);
        outbox.Handler.OnCall = (call, _, _) => call % 2 == 1 ? Fail() : Task.CompletedTask; // fails, succeeds, fails, ...

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync();

        events.Should().BeGreaterThanOrEqualTo(2 * OutboxDispatcher.FailuresInARowPerCall);
        outbox.Handler.Calls.Should().Be(events, "never were FailuresInARowPerCall failures in a row");
        delivered.Should().Be(events / 2);
    }

    [Fact]
    public async Task A_dispatch_in_which_every_handler_call_fails_marks_nothing_delivered()
    {
        using var outbox = new Outbox();
        await outbox.PendingEventsAsync(2);
        outbox.Handler.OnCall = (_, _, _) => Fail();

        (await outbox.Supervisor.DispatchPendingEventsAsync()).Should().Be(0);

        outbox.Store.MarkDeliveredCalls.Should().Be(0, "there was nothing to mark");
        outbox.Store.DeferCalls.Should().Be(2);
    }

    [Fact]
    public async Task A_handler_failure_defers_the_event_and_is_logged_with_its_attempt_and_the_retry_instant_of_that_attempt()
    {
        using var outbox = new Outbox();
        await outbox.PendingEventsAsync(1);
        var failedAt = outbox.Clock.GetCurrentInstant();
        outbox.Handler.OnCall = (_, _, _) => Fail();

        await outbox.Supervisor.DispatchPendingEventsAsync();
        outbox.Clock.Advance(Duration.FromHours(1));
        var secondAt = outbox.Clock.GetCurrentInstant();
        await outbox.Supervisor.DispatchPendingEventsAsync();

        var logged = outbox.Logs.WithId(100);
        logged.Should().HaveCount(2);
        logged[0].GetStructuredStateValue("Attempt").Should().Be("1");
        logged[0].GetStructuredStateValue("RetryAt").Should().Be((failedAt + Duration.FromSeconds(30)).ToString());
        logged[1].GetStructuredStateValue("Attempt").Should().Be("2");
        logged[1].GetStructuredStateValue("RetryAt").Should().Be((secondAt + Duration.FromSeconds(60)).ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_store_failing_to_defer_an_event_is_logged_and_the_handler_failure_is_logged_without_a_retry_instant(bool timesOut)
    {
        using var outbox = new Outbox();
        var events = await outbox.PendingEventsAsync(1);
        outbox.Handler.OnCall = (_, _, _) => Fail();
        outbox.Store.BeforeDefer = () => throw (timesOut ? new TaskCanceledException("The store's command timed out.") : new InvalidOperationException("Store down."));

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync(outbox.Caller.Token);

        delivered.Should().Be(0);
        outbox.Logs.WithId(101).Should().ContainSingle("the failed deferral is logged (EventDeferFailed)");
        var failure = outbox.Logs.WithId(100).Should().ContainSingle().Subject;
        failure.GetStructuredStateValue("Attempt").Should().Be("0");
        failure.GetStructuredStateValue("RetryAt").Should().BeNull();
        outbox.Failures.Should().ContainSingle("the callback still hears of the handler's failure");
        (await outbox.PendingAsync()).Should().Be(events);
    }

    [Fact]
    public async Task A_handler_failure_on_an_event_the_store_no_longer_holds_is_logged_without_an_attempt_or_a_retry_instant()
    {
        using var outbox = new Outbox();
        await outbox.PendingEventsAsync(1);
        outbox.Handler.OnCall = (_, _, _) => Fail();
        outbox.Store.Defer = () => 0; // another process delivered the event meanwhile: nothing was deferred

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync();

        delivered.Should().Be(0);
        var failure = outbox.Logs.WithId(100).Should().ContainSingle().Subject;
        failure.GetStructuredStateValue("Attempt").Should().Be("0");
        failure.GetStructuredStateValue("RetryAt").Should().BeNull("no retry was scheduled");
        outbox.Logs.WithId(101).Should().BeEmpty("the store did not fail");
    }

    [Fact]
    public async Task A_dispatch_cancelled_while_deferring_an_event_stops_with_OperationCanceledException_and_reports_nothing()
    {
        using var outbox = new Outbox();
        await outbox.PendingEventsAsync(1);
        outbox.Handler.OnCall = (_, _, _) => Fail();
        outbox.Store.BeforeDefer = () =>
        {
            outbox.Caller.Cancel();
            outbox.Caller.Token.ThrowIfCancellationRequested();
        };

        var act = async () => await outbox.Supervisor.DispatchPendingEventsAsync(outbox.Caller.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        outbox.Failures.Should().BeEmpty();
        outbox.Logs.WithId(101).Should().BeEmpty();
    }

    [Fact]
    public async Task Events_whose_deferral_failed_are_read_past_so_the_events_behind_them_are_handed_out()
    {
        using var outbox = new Outbox(new ServiceSupervisionOptions { DispatchEventsInline = false, TimerSweepBatchSize = 1 });
        var events = await outbox.PendingEventsAsync(3);
        outbox.Handler.OnCall = (call, _, _) => call == 1 ? Fail() : Task.CompletedTask;
        outbox.Store.BeforeDefer = () => throw new InvalidOperationException("Store down.");

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync();

        delivered.Should().Be(events - 1, "every event but the one whose deferral failed");
        outbox.Store.PendingReadSizes.Should().StartWith([1, 2], "the next read asks for one event more, to read past it");
    }

    [Fact]
    public async Task A_deferred_event_does_not_widen_the_next_read()
    {
        using var outbox = new Outbox(new ServiceSupervisionOptions { DispatchEventsInline = false, TimerSweepBatchSize = 1 });
        var events = await outbox.PendingEventsAsync(3);
        outbox.Handler.OnCall = (call, _, _) => call == 1 ? Fail() : Task.CompletedTask;

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync();

        delivered.Should().Be(events - 1);
        outbox.Store.PendingReadSizes.Should().OnlyContain(size => size == 1, "the deferred event is not due again: it is not read");
    }

    [Fact]
    public async Task A_handler_that_throws_OperationCanceledException_of_its_own_has_failed_with_it_and_has_not_timed_out()
    {
        using var outbox = new Outbox();
        var events = await outbox.PendingEventsAsync(1);
        var own = new TaskCanceledException("The mail server's HTTP call timed out.");
        outbox.Handler.OnCall = (_, _, _) => throw own;

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync(outbox.Caller.Token);

        delivered.Should().Be(0);
        outbox.Failures.Should().ContainSingle().Which.Exception.Should().BeSameAs(own);
        (await outbox.PendingAsync()).Should().Be(events);
    }

    [Fact]
    public async Task A_handler_that_throws_TimeoutException_of_its_own_has_failed_with_it_and_has_not_timed_out()
    {
        // Before: any TimeoutException was taken for the time limit's: the handler's own was replaced and measured as timed_out.
        using var outbox = new Outbox();
        using var duration = new MetricCollector<double>(outbox.Supervisor.Telemetry.Meter, "koogallery.supervision.event_handler.duration");
        var events = await outbox.PendingEventsAsync(1);
        var own = new TimeoutException("The mail server's SMTP read timed out.");
        outbox.Handler.OnCall = (_, _, _) => throw own;

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync();

        delivered.Should().Be(0);
        outbox.Failures.Should().ContainSingle().Which.Exception.Should().BeSameAs(own);
        duration.GetMeasurementSnapshot().Select(m => m.Tags["koogallery.supervision.outcome"]).Should().Equal("failed");
        (await outbox.PendingAsync()).Should().Be(events);
    }

    [Fact]
    public async Task A_handler_cancelled_at_its_time_limit_has_timed_out_and_its_event_stays_pending()
    {
        var time = new FakeTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler
        {
            OnCall = async (_, _, token) =>
            {
                entered.TrySetResult();
                await new TaskCompletionSource().Task.WaitAsync(token); // hangs until cancelled
            },
        };
        using var outbox = new Outbox(new ServiceSupervisionOptions { DispatchEventsInline = false, EventHandlerTimeout = TimeSpan.FromSeconds(5) }, time, handler);
        using var duration = new MetricCollector<double>(outbox.Supervisor.Telemetry.Meter, "koogallery.supervision.event_handler.duration");
        var events = await outbox.PendingEventsAsync(1);

        var dispatch = outbox.Supervisor.DispatchPendingEventsAsync().AsTask();
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(5));
        var delivered = await dispatch;

        delivered.Should().Be(0);
        outbox.Failures.Should().ContainSingle().Which.Exception.Should().BeOfType<TimeoutException>();
        duration.GetMeasurementSnapshot().Select(m => m.Tags["koogallery.supervision.outcome"]).Should().Equal("timed_out");
        (await outbox.PendingAsync()).Should().Be(events);
    }

    [Fact]
    public async Task A_dispatch_cancelled_by_its_caller_while_a_handler_runs_stops_with_OperationCanceledException_and_defers_nothing()
    {
        using var outbox = new Outbox();
        var events = await outbox.PendingEventsAsync(1);
        outbox.Handler.OnCall = async (_, _, token) =>
        {
            await outbox.Caller.CancelAsync();
            await new TaskCompletionSource().Task.WaitAsync(token); // hangs until cancelled
        };

        var act = async () => await outbox.Supervisor.DispatchPendingEventsAsync(outbox.Caller.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        outbox.Store.DeferCalls.Should().Be(0, "a cancelled call is no failure of the handler");
        outbox.Failures.Should().BeEmpty();
        (await outbox.PendingAsync()).Should().Be(events);
    }

    /// <summary>Runs an action at the next reading of the timestamp (the reading that ends a handler call's measure).</summary>
    private sealed class HookedTime : TimeProvider
    {
        private Action? _next;

        public void AtNextTimestamp(Action action) => Volatile.Write(ref _next, action);

        public override long GetTimestamp()
        {
            Interlocked.Exchange(ref _next, null)?.Invoke();
            return base.GetTimestamp();
        }
    }

    [Fact]
    public async Task A_dispatch_cancelled_by_its_caller_between_two_events_hands_out_no_further_event_and_marks_the_one_handled()
    {
        using var spans = new SpanProbe();
        var time = new HookedTime();
        var handler = new ScriptedHandler();
        using var outbox = new Outbox(null, time, handler);
        var events = await outbox.PendingEventsAsync(3);
        // The caller cancels once the first handler call has returned, before the next event's turn.
        handler.OnCall = (_, _, _) =>
        {
            time.AtNextTimestamp(() => outbox.Caller.Cancel());
            return Task.CompletedTask;
        };

        using (spans.StartTrace("test"))
        {
            var act = async () => await outbox.Supervisor.DispatchPendingEventsAsync(outbox.Caller.Token);
            await act.Should().ThrowAsync<OperationCanceledException>();
        }

        handler.Handled.Should().ContainSingle();
        spans.Named(SupervisionTelemetry.DispatchSpan).Should().ContainSingle();
        spans.Stopped.Where(span => span.OperationName != SupervisionTelemetry.DispatchSpan && span.OperationName != "test")
            .Should().ContainSingle("only the first event went to the handler");
        (await outbox.PendingAsync()).Should().Be(events - 1, "the event the handler took is marked delivered");
    }

    [Fact]
    public async Task A_store_failing_to_mark_events_delivered_after_a_commit_does_not_fail_the_command()
    {
        using var outbox = new Outbox(new ServiceSupervisionOptions());
        (await outbox.Supervisor.CreateFlowAsync(TestHost.Order())).GetValueOrThrow();
        outbox.Store.BeforeMarkDelivered = () => throw new InvalidOperationException("Store down.");

        var submitted = await outbox.Supervisor.ExecuteAsync(new SubmitRequest("s-1", "ORD-1", TestHost.Buyer, "Please migrate."));

        submitted.IsSuccess.Should().BeTrue("the change was committed before the events were handed out");
        outbox.Handler.Calls.Should().BeGreaterThan(0);
        (await outbox.PendingAsync()).Should().BeGreaterThan(0, "the events stay pending");
        outbox.Logs.WithId(102).Should().ContainSingle("the failure is logged (EventDispatchFailed)");
    }

    [Fact]
    public async Task A_failing_EventHandlerFailed_callback_does_not_stop_the_dispatch()
    {
        using var outbox = new Outbox();
        var events = await outbox.PendingEventsAsync(2);
        outbox.Handler.OnCall = (call, _, _) => call == 1 ? Fail() : Task.CompletedTask;
        outbox.ThrowFromCallback = () => throw new InvalidOperationException("The callback's own bug.");

        var delivered = await outbox.Supervisor.DispatchPendingEventsAsync();

        delivered.Should().Be(events - 1);
        outbox.Failures.Should().ContainSingle();
    }
}
