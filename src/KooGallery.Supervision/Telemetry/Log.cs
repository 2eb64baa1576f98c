using Microsoft.Extensions.Logging;

namespace KooGallery.Supervision;

/// <summary>
/// The engine's log messages, source-generated, with stable event ids (the table is in the README, "Running it in
/// production"). Ids never change meaning. No message above Debug carries a request text, a proof link, an
/// appeal reason or any other free text of a party: they name orders, events, actions and counts.
/// The messages stand by feature, each hundred of ids one feature.
/// </summary>
internal static partial class Log
{
    // The outbox (1xx): each event's handlers, the dispatch of a saved change, an event's deferral.

    /// <summary>Logged when every handler took an event.</summary>
    [LoggerMessage(EventId = 103, EventName = "EventDelivered", Level = LogLevel.Debug,
        Message = "{EventKind} event {EventId} of order {OrderNumber} was taken by every handler.")]
    public static partial void EventDelivered(ILogger logger, SupervisionEventKind eventKind, Guid eventId, string orderNumber);

    /// <summary>Logged when an event handler threw or outlasted <see cref="ServiceSupervisionOptions.EventHandlerTimeout"/>: the event stays pending and is deferred to <c>RetryAt</c>.</summary>
    [LoggerMessage(EventId = 100, EventName = "EventHandlerFailed", Level = LogLevel.Warning,
        Message = "Event handler {Handler} failed on {EventKind} event {EventId} of order {OrderNumber} (attempt {Attempt}); the event stays pending and is handed out again from {RetryAt}.")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception, string handler, SupervisionEventKind eventKind, Guid eventId, string orderNumber, int attempt, Instant? retryAt);

    /// <summary>Logged when handing out the events of a saved change failed (the store could not mark them): the change stands.</summary>
    [LoggerMessage(EventId = 102, EventName = "EventDispatchFailed", Level = LogLevel.Warning,
        Message = "Handing out the {Count} events of a saved change failed; the change stands, and the events stay pending for the next dispatch.")]
    public static partial void EventDispatchFailed(ILogger logger, Exception exception, int count);

    /// <summary>Logged when the store could not defer an event whose handler failed: the event is handed out again by the next dispatch.</summary>
    [LoggerMessage(EventId = 101, EventName = "EventDeferFailed", Level = LogLevel.Error,
        Message = "{EventKind} event {EventId} of order {OrderNumber} could not be deferred after its handler failed; it stays pending and is handed out again by the next dispatch.")]
    public static partial void EventDeferFailed(ILogger logger, Exception exception, SupervisionEventKind eventKind, Guid eventId, string orderNumber);

    // The timer sweep (2xx): a flow whose due timers could not be applied, the sweep as a whole.

    /// <summary>Logged once per parking, not per sweep, when a flow's due timers could not be applied (an unregistered policy version, a damaged row): the flow is parked until <c>RetryAt</c>.</summary>
    [LoggerMessage(EventId = 200, EventName = "FlowParked", Level = LogLevel.Error,
        Message = "The due timers of order {OrderNumber} could not be applied ({Failures} failures in a row); the flow is parked until {RetryAt} and the sweep goes on with the others.")]
    public static partial void FlowParked(ILogger logger, Exception exception, string orderNumber, int failures, Instant retryAt);

    /// <summary>Logged when a flow's due timers could not be applied and the store could not park the flow either.</summary>
    [LoggerMessage(EventId = 201, EventName = "FlowParkFailed", Level = LogLevel.Error,
        Message = "The due timers of order {OrderNumber} could not be applied, and the flow could not be parked either; the next sweep tries it again.")]
    public static partial void FlowParkFailed(ILogger logger, Exception exception, string orderNumber);

    /// <summary>Logged when a timer sweep completed.</summary>
    [LoggerMessage(EventId = 202, EventName = "SweepCompleted", Level = LogLevel.Debug,
        Message = "Timer sweep at {SweepAt}: {FlowsUpdated} flows updated, {EventsDelivered} events delivered.")]
    public static partial void SweepCompleted(ILogger logger, Instant sweepAt, int flowsUpdated, int eventsDelivered);

    /// <summary>Logged when the store's status (pending events, open appeals) could not be read after a sweep: the store gauges keep their last values.</summary>
    [LoggerMessage(EventId = 203, EventName = "StatusFailed", Level = LogLevel.Warning,
        Message = "The status of the store (pending events, open appeals) could not be read after a sweep; its gauges keep their last values.")]
    public static partial void StatusFailed(ILogger logger, Exception exception);

    // Commands and flow creation (3xx): a new flow, a lost race on a flow's version, a refusal.

    /// <summary>Logged when an order got its flow.</summary>
    [LoggerMessage(EventId = 303, EventName = "FlowCreated", Level = LogLevel.Debug,
        Message = "Order {OrderNumber} got a flow under policy {PolicyVersion}, in stage {Stage}.")]
    public static partial void FlowCreated(ILogger logger, string orderNumber, string policyVersion, Stage stage);

    /// <summary>Logged when a command, read or catch-up lost one race on its flow's version and tries again.</summary>
    [LoggerMessage(EventId = 301, EventName = "FlowChangeRetried", Level = LogLevel.Debug,
        Message = "{Action} on order {OrderNumber} lost the race on the flow's version (attempt {Attempt}); trying again.")]
    public static partial void FlowChangeRetried(ILogger logger, string action, string orderNumber, int attempt);

    /// <summary>Logged when a command, read or catch-up lost the race on its flow's version <see cref="ServiceSupervisionOptions.MaxCommandAttempts"/> times (a command then returns a version conflict).</summary>
    [LoggerMessage(EventId = 300, EventName = "FlowChangeGaveUp", Level = LogLevel.Warning,
        Message = "{Action} on order {OrderNumber} lost the race on the flow's version {Attempts} times and gave up.")]
    public static partial void FlowChangeGaveUp(ILogger logger, string action, string orderNumber, int attempts);

    /// <summary>Logged when a command or a flow creation was refused.</summary>
    [LoggerMessage(EventId = 302, EventName = "CommandRefused", Level = LogLevel.Debug,
        Message = "{Action} on order {OrderNumber} was refused: {Code} ({Reason}).")]
    public static partial void CommandRefused(ILogger logger, SupervisionAction action, string orderNumber, SupervisionErrorCode code, string? reason);

    // The schema step (4xx).

    /// <summary>Logged when the schema step failed; the failure is thrown, and a host does not start.</summary>
    [LoggerMessage(EventId = 401, EventName = "SchemaFailed", Level = LogLevel.Critical,
        Message = "The schema step of the {Store} failed ({Reason}); the store cannot be used until it is fixed.")]
    public static partial void SchemaFailed(ILogger logger, Exception exception, string store, string reason);

    /// <summary>Logged when the schema step (<c>EnsureServiceSupervisionSchemaAsync</c>, or the hosted start-up) reached a schema version.</summary>
    [LoggerMessage(EventId = 400, EventName = "SchemaEnsured", Level = LogLevel.Information,
        Message = "The schema of the {Store} is at version {SchemaVersion}.")]
    public static partial void SchemaEnsured(ILogger logger, string store, int schemaVersion);
}
