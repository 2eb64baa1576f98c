using Microsoft.Extensions.Logging;

namespace KooGallery.Supervision.Hosting;

/// <summary>
/// The hosting package's log messages (category <see cref="SupervisionDiagnostics.HostingLogCategory"/>),
/// source-generated, with stable event ids listed in the README beside the engine's. This part: the start-up catch-up.
/// </summary>
internal static partial class HostingLog
{
    /// <summary>Logged when the hosted start-up applied the due timers and delivered the pending events.</summary>
    [LoggerMessage(EventId = 500, EventName = "StartupCatchUpCompleted", Level = LogLevel.Information,
        Message = "Start-up catch-up: {FlowsUpdated} flows with due timers updated, {EventsDelivered} pending events delivered.")]
    public static partial void StartupCatchUpCompleted(ILogger logger, int flowsUpdated, int eventsDelivered);

    /// <summary>Logged when the start-up catch-up failed (a database briefly down, say): the host starts all the same and the background sweep tries again.</summary>
    [LoggerMessage(EventId = 501, EventName = "StartupCatchUpFailed", Level = LogLevel.Error,
        Message = "The start-up catch-up failed; the host starts all the same, and the background sweep tries again in {Interval}.")]
    public static partial void StartupCatchUpFailed(ILogger logger, Exception exception, TimeSpan interval);
}

/// <summary>The background sweep's messages, in the order of the loop's life: started, a sweep that failed, was abandoned or was slow, stopped.</summary>
internal static partial class HostingLog
{
    /// <summary>Logged when the background sweep loop started.</summary>
    [LoggerMessage(EventId = 504, EventName = "SweepStarted", Level = LogLevel.Information,
        Message = "The background timer sweep runs every {Interval}.")]
    public static partial void SweepStarted(ILogger logger, TimeSpan interval);

    /// <summary>Logged when a background sweep failed: the next tick tries again.</summary>
    [LoggerMessage(EventId = 502, EventName = "SweepFailed", Level = LogLevel.Error,
        Message = "A background timer sweep failed; the flows it did not reach are caught up by the next one, in {Interval}, or by their next read or command.")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);

    /// <summary>Logged when shutdown came during a sweep: it stopped between flows, with nothing half saved.</summary>
    [LoggerMessage(EventId = 506, EventName = "SweepAbandoned", Level = LogLevel.Information,
        Message = "The host is stopping: the sweep in progress was abandoned between flows. What it saved stays saved; the flows and events it did not reach are taken by the next start.")]
    public static partial void SweepAbandoned(ILogger logger);

    /// <summary>Logged when a sweep took longer than the interval: the next one starts right after it, never at once.</summary>
    [LoggerMessage(EventId = 503, EventName = "SweepSlow", Level = LogLevel.Warning,
        Message = "A background timer sweep took {Elapsed}, longer than the interval {Interval}; the next one starts right after it (sweeps never overlap).")]
    public static partial void SweepSlow(ILogger logger, TimeSpan elapsed, TimeSpan interval);

    /// <summary>Logged when the background sweep loop stopped at shutdown.</summary>
    [LoggerMessage(EventId = 505, EventName = "SweepStopped", Level = LogLevel.Information,
        Message = "The background timer sweep stopped after {SweepsCompleted} sweeps.")]
    public static partial void SweepStopped(ILogger logger, int sweepsCompleted);
}
