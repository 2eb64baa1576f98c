using System;
using System.Collections.Generic;
using System.Globalization;

namespace KooGallery.Supervision;

/// <summary>
/// Options of the service supervisor: the policy versions in force and the engine's own limits.
/// Configure them through <c>services.AddServiceSupervision(options =&gt; ...)</c>, which checks them with
/// <see cref="Validate"/> as soon as they are configured; a <see cref="ServiceSupervisor"/> checks them again
/// when it is built.
/// </summary>
public sealed class ServiceSupervisionOptions
{
    private static readonly TimeSpan MaxConflictBackoff = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets the policy versions. Each applies to orders placed at or after its
    /// <see cref="SupervisionPolicy.EffectiveFrom"/> and before the next one's (R33); their
    /// <see cref="SupervisionPolicy.Version"/> names must be unique.
    /// </summary>
    /// <value>
    /// The default value is an empty list, which means <see cref="SupervisionPolicy.Default"/> alone. No null entry;
    /// each policy valid (<see cref="SupervisionPolicy.Validate"/>); unique version names and start instants.
    /// </value>
    public IList<SupervisionPolicy> Policies { get; } = new List<SupervisionPolicy>();

    /// <summary>
    /// Gets or sets how many times a command that lost a race on its flow's version is tried
    /// again (re-checked against the new version) before a Conflict error is returned (R31).
    /// </summary>
    /// <value>The default value is 3 attempts in all. Range: 1 to 100.</value>
    public int MaxCommandAttempts { get; set; } = 3;

    /// <summary>
    /// Gets or sets the longest first wait before a command that lost a race on its flow's version is tried
    /// again; each later attempt may wait up to twice as long, and each wait is a random part of that. It
    /// keeps a writer from starving behind faster ones on a hot flow. Zero retries at once.
    /// </summary>
    /// <value>The default value is 2 milliseconds. Range: 0 to 10 seconds.</value>
    public TimeSpan ConflictBackoff { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Gets or sets how many flows one batch of the timer sweep loads at most.</summary>
    /// <value>The default value is 200. Range: 1 to 10,000.</value>
    public int TimerSweepBatchSize { get; set; } = 200;

    /// <summary>Gets or sets the largest page a search returns (R29).</summary>
    /// <value>The default value is 500. Range: 1 to 10,000.</value>
    public int MaxSearchPageSize { get; set; } = 500;

    /// <summary>
    /// Gets or sets a callback told when an event handler throws. The change that raised the event is
    /// saved; the event stays pending and is handed out again by the next dispatch.
    /// </summary>
    /// <value>The default value is null: failures are only visible as pending events.</value>
    public Action<SupervisionEvent, Exception>? EventHandlerFailed { get; set; }

    /// <summary>
    /// Gets or sets a callback told when the timers of one flow cannot be applied during a sweep (for
    /// example its policy version is no longer registered). The sweep goes on with the other flows; the
    /// failing flow is tried again by the next sweep.
    /// </summary>
    /// <value>The default value is null.</value>
    public Action<string, Exception>? TimerFailed { get; set; }

    /// <summary>
    /// Checks every option's range and every policy: each one's own ranges (<see cref="SupervisionPolicy.Validate"/>),
    /// unique version names and distinct start instants. Called when the options are registered and when a
    /// supervisor is built; call it yourself after changing options built by hand.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An option or a policy is out of range; <see cref="ArgumentException.ParamName"/> names the option, and the
    /// message the policy version.
    /// </exception>
    public void Validate()
    {
        Within(MaxCommandAttempts, 1, 100, nameof(MaxCommandAttempts));
        if (ConflictBackoff < TimeSpan.Zero || ConflictBackoff > MaxConflictBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(ConflictBackoff), ConflictBackoff, string.Create(CultureInfo.InvariantCulture,
                $"ServiceSupervisionOptions.ConflictBackoff must be from 0 to {MaxConflictBackoff.TotalSeconds} seconds; it was {ConflictBackoff}."));
        }

        Within(TimerSweepBatchSize, 1, 10_000, nameof(TimerSweepBatchSize));
        Within(MaxSearchPageSize, 1, 10_000, nameof(MaxSearchPageSize));
        PolicyCatalog.Validate(Policies);
    }

    private static void Within(int value, int min, int max, string option)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(option, value, string.Create(CultureInfo.InvariantCulture,
                $"ServiceSupervisionOptions.{option} must be from {min:N0} to {max:N0}; it was {value:N0}."));
        }
    }
}
