namespace KooGallery.Supervision.Tests.Timers;

/// <summary>
/// When a failing flow or event is tried again (ServiceSupervisionOptions.FailureRetryDelay): the delay after the first
/// failure, twice as long after each further one in a row, never longer than MaxFailureRetryDelay, and never past the
/// end of time.
/// </summary>
public class RetryScheduleTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 9, 0);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(9, 3600)]
    [InlineData(1000, 3600)]
    public void The_delay_doubles_with_each_failure_in_a_row_up_to_the_longest(int failures, int seconds)
    {
        var schedule = new RetrySchedule(new ServiceSupervisionOptions());

        schedule.RetryAt(Now, failures).Should().Be(Now + Duration.FromSeconds(seconds));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 4)]
    public void A_longest_delay_reached_exactly_is_kept(int failures, int seconds)
    {
        var schedule = new RetrySchedule(new ServiceSupervisionOptions { FailureRetryDelay = TimeSpan.FromSeconds(1), MaxFailureRetryDelay = TimeSpan.FromSeconds(4) });

        schedule.RetryAt(Now, failures).Should().Be(Now + Duration.FromSeconds(seconds));
    }

    [Fact]
    public void A_retry_past_the_end_of_time_is_at_the_end_of_time()
    {
        var schedule = new RetrySchedule(new ServiceSupervisionOptions());

        schedule.RetryAt(Instant.MaxValue - Duration.FromSeconds(1), 1).Should().Be(Instant.MaxValue);
    }
}
