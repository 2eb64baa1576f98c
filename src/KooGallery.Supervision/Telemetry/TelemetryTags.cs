namespace KooGallery.Supervision;

/// <summary>
/// The attribute names of the library's metrics and spans, in OpenTelemetry's style (dotted namespaces, snake case).
/// Metric tags have bounded cardinality: never an order number, an actor id or a free text.
/// </summary>
internal static class TelemetryTags
{
    // Metric tags (bounded) and span attributes.
    public const string Action = "koogallery.supervision.action";
    public const string Outcome = "koogallery.supervision.outcome";
    public const string ErrorType = "error.type";
    public const string Timer = "koogallery.supervision.timer";
    public const string EventKind = "koogallery.supervision.event.kind";
    public const string Handler = "koogallery.supervision.handler";
    public const string ProductKind = "koogallery.supervision.product_kind";
    public const string Resolution = "koogallery.supervision.resolution";

    // Span attributes only (per call, never on a metric).
    public const string OrderNumber = "koogallery.supervision.order_number";
    public const string ActorRole = "koogallery.supervision.actor.role";
    public const string StageBefore = "koogallery.supervision.stage.before";
    public const string StageAfter = "koogallery.supervision.stage.after";
    public const string ErrorReason = "koogallery.supervision.error.reason";
    public const string Retries = "koogallery.supervision.retries";
    public const string FlowVersion = "koogallery.supervision.flow.version";
    public const string EventId = "koogallery.supervision.event.id";
    public const string EventCount = "koogallery.supervision.events.count";
    public const string EventsDelivered = "koogallery.supervision.events.delivered";
    public const string EventsFailed = "koogallery.supervision.events.failed";
    public const string FlowsUpdated = "koogallery.supervision.flows.updated";
    public const string PageSize = "koogallery.supervision.page.size";
    public const string ResultCount = "koogallery.supervision.results.count";

    // Values.
    public const string Success = "success";
    public const string Replay = "replay";
    public const string Error = "error";
    public const string Cancelled = "cancelled";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Retried = "retried";
    public const string GaveUp = "gave_up";
}
