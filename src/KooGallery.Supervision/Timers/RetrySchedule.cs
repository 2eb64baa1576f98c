namespace KooGallery.Supervision;

/// <summary>
/// When a failing flow (its timers could not be applied) or a failing event (a handler threw or timed out)
/// is tried again: <see cref="ServiceSupervisionOptions.FailureRetryDelay"/> after the first failure, twice
/// as long after each further one, up to <see cref="ServiceSupervisionOptions.MaxFailureRetryDelay"/>.
/// </summary>
internal sealed class RetrySchedule(ServiceSupervisionOptions options)
{
    /// <summary>The instant of the next attempt after <paramref name="failures"/> failures in a row (1 for the first).</summary>
    public Instant RetryAt(Instant now, int failures)
    {
        var largest = options.MaxFailureRetryDelay;
        var delay = options.FailureRetryDelay;
        // Stryker disable once Equality : at delay == largest one more doubling is capped by the choice below
        for (var i = 1; i < failures && delay < largest; i++)
        {
            delay += delay;
        }

        // Stryker disable once Equality : the choice between equal values
        return Internal.InstantMath.PlusSaturating(now, Duration.FromTimeSpan(delay < largest ? delay : largest));
    }
}
