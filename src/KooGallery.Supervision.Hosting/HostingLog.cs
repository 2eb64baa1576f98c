using Microsoft.Extensions.Logging;

namespace KooGallery.Supervision.Hosting;

/// <summary>
/// The hosting package's log messages (category <see cref="SupervisionDiagnostics.HostingLogCategory"/>),
/// source-generated, with stable event ids listed in the README beside the engine's.
/// </summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 500, EventName = "StartupCatchUpCompleted", Level = LogLevel.Information,
        Message = "Start-up catch-up: {FlowsUpdated} flows with due timers updated, {EventsDelivered} pending events delivered.")]
    public static partial void StartupCatchUpCompleted(ILogger logger, int flowsUpdated, int eventsDelivered);

    [LoggerMessage(EventId = 501, EventName = "StartupCatchUpFailed", Level = LogLevel.Error,
        Message = "The start-up catch-up failed; the host starts all the same, and the background sweep tries again in {Interval}.")]
    public static partial void StartupCatchUpFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 502, EventName = "SweepFailed", Level = LogLevel.Error,
        Message = "A background timer sweep failed; the flows it did not reach are caught up by the next one, in {Interval}, or by their next read or command.")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 503, EventName = "SweepSlow", Level = LogLevel.Warning,
        Message = "A background timer sweep took {Elapsed}, longer than the interval {Interval}; the next one starts right after it (sweeps never overlap).")]
    public static partial void SweepSlow(ILogger logger, TimeSpan elapsed, TimeSpan interval);

    [LoggerMessage(EventId = 504, EventName = "SweepStarted", Level = LogLevel.Information,
        Message = "The background timer sweep runs every {Interval}.")]
    public static partial void SweepStarted(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 505, EventName = "SweepStopped", Level = LogLevel.Information,
        Message = "The background timer sweep stopped after {SweepsCompleted} sweeps.")]
    public static partial void SweepStopped(ILogger logger, int sweepsCompleted);

    [LoggerMessage(EventId = 506, EventName = "SweepAbandoned", Level = LogLevel.Information,
        Message = "The host is stopping: the sweep in progress was abandoned between flows. What it saved stays saved; the flows and events it did not reach are taken by the next start.")]
    public static partial void SweepAbandoned(ILogger logger);
}
