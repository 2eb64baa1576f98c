using System.Collections.Concurrent;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>
/// The wait after a lost race (ServiceSupervisionOptions.ConflictBackoff): a random moment below the option at the first
/// retry, below twice, four, eight times it at the next ones, never sixteen times it or more; none when the option is
/// zero. The waits run on the supervisor's TimeProvider, whose requested delays these tests read, and their chance
/// comes from the options' randomizer, which these tests replace so the waits are exact.
/// </summary>
public class ConflictBackoffTests
{
    /// <summary>A time provider whose timers fire at once, and which records the delay each was asked for.</summary>
    private sealed class InstantTimers : TimeProvider
    {
        public ConcurrentQueue<TimeSpan> Delays { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Delays.Enqueue(dueTime);
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }

            return new Timer();
        }

        private sealed class Timer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>Draws a fixed share of every bound: 1 gives the longest wait below it, 0 no wait at all.</summary>
    private sealed class FixedChance(double share) : Random
    {
        public override long NextInt64(long maxValue) => share >= 1 ? maxValue - 1 : (long)(maxValue * share);
    }

    private static async Task<IReadOnlyList<TimeSpan>> DelaysOfALosingCommandAsync(TimeSpan backoff, int attempts, Random? randomizer = null)
    {
        var time = new InstantTimers();
        var store = new HookedStore();
        var options = new ServiceSupervisionOptions { ConflictBackoff = backoff, MaxCommandAttempts = attempts };
        if (randomizer is not null)
        {
            options.Randomizer = randomizer;
        }

        using var supervisor = new ServiceSupervisor(store, new FakeClock(TestHost.Start), options, timeProvider: time);
        (await supervisor.CreateFlowAsync(TestHost.Order())).GetValueOrThrow();
        store.AlwaysLoseRaces = true;

        var result = await supervisor.ExecuteAsync(new SubmitRequest("s-1", "ORD-1", TestHost.Buyer, "Please migrate."));

        result.IsSuccess.Should().BeFalse("every attempt lost its race");
        return [.. time.Delays];
    }

    [Fact]
    public async Task The_back_off_after_a_lost_race_grows_with_the_attempt_and_is_capped_at_sixteen_times_the_option()
    {
        var backoff = TimeSpan.FromSeconds(10);

        var delays = await DelaysOfALosingCommandAsync(backoff, attempts: 10);

        // Nine retries, each a random wait: below 10 s, 20 s, 40 s, 80 s, then 160 s. Chance alone would make one
        // shorter than a millisecond (no timer) once in thousands of runs, so the count is checked loosely.
        delays.Should().HaveCountGreaterThanOrEqualTo(8, "every retry after a lost race waits");
        delays.Should().OnlyContain(delay => delay < 16 * backoff, "the wait stops growing at sixteen times the option");
        delays.Should().Contain(delay => delay > backoff, "later retries wait longer than the first one may");
    }

    [Fact]
    public async Task The_longest_draw_waits_just_below_the_option_doubled_per_retry_up_to_sixteen_times()
    {
        var backoff = TimeSpan.FromSeconds(10);

        var delays = await DelaysOfALosingCommandAsync(backoff, attempts: 10, new FixedChance(1));

        // One tick below each bound; Task.Delay asks the time provider for whole milliseconds, so 1 ms below.
        var ms = TimeSpan.FromMilliseconds(1);
        delays.Should().Equal(
            backoff - ms, (2 * backoff) - ms, (4 * backoff) - ms, (8 * backoff) - ms,
            (16 * backoff) - ms, (16 * backoff) - ms, (16 * backoff) - ms, (16 * backoff) - ms, (16 * backoff) - ms);
    }

    [Fact]
    public async Task A_draw_of_half_waits_half_of_each_bound()
    {
        var backoff = TimeSpan.FromMilliseconds(8);

        var delays = await DelaysOfALosingCommandAsync(backoff, attempts: 4, new FixedChance(0.5));

        delays.Should().Equal(backoff / 2, backoff, 2 * backoff);
    }

    [Fact]
    public async Task A_draw_of_zero_retries_at_once()
    {
        var delays = await DelaysOfALosingCommandAsync(TimeSpan.FromSeconds(1), attempts: 5, new FixedChance(0));

        delays.Should().BeEmpty("a wait of zero completes without a timer");
    }

    [Fact]
    public async Task No_back_off_when_the_option_is_zero()
    {
        var delays = await DelaysOfALosingCommandAsync(TimeSpan.Zero, attempts: 5);

        delays.Should().BeEmpty();
    }
}
