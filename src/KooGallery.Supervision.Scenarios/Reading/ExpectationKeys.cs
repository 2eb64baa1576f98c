namespace KooGallery.Supervision.Scenarios.Reading;

/// <summary>The keys of a step's <c>expect:</c> mapping.</summary>
internal static class ExpectationKeys
{
    public const string Ok = "ok";
    public const string Refused = "refused";
    public const string Reason = "reason";
    public const string Message = "message";
    public const string Fields = "fields";
    public const string RetryAt = "retry-at";
    public const string Replay = "replay";
    public const string Stage = "stage";
    public const string Status = "status";
    public const string RequestRejections = "request-rejections";
    public const string DeliveryRejections = "delivery-rejections";
    public const string WaitingOn = "waiting-on";
    public const string Stalled = "stalled";
    public const string Frozen = "frozen";
    public const string IdleFor = "idle-for";
    public const string CompletionDue = "completion-due";
    public const string ServiceStart = "service-start";
    public const string NextReminder = "next-reminder";
    public const string PolicyVersion = "policy-version";
    public const string Records = "records";
    public const string LastRecord = "last-record";
    public const string Appeal = "appeal";
    public const string Permitted = "permitted";
    public const string Events = "events";
    public const string Found = "found";
    public const string Swept = "swept";
    public const string Succeeded = "succeeded";

    /// <summary>Every key, in the order the format documents them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Ok, Refused, Reason, Message, Fields, RetryAt, Replay, Succeeded, Stage, Status, RequestRejections, DeliveryRejections,
        WaitingOn, Stalled, Frozen, IdleFor, CompletionDue, ServiceStart, NextReminder, PolicyVersion, Records,
        LastRecord, Appeal, Permitted, Events, Found, Swept,
    ];

    /// <summary>The keys that need the flow as an operations manager sees it after the step.</summary>
    public static readonly IReadOnlySet<string> FromView = new HashSet<string>
    {
        Stage, Status, RequestRejections, DeliveryRejections, WaitingOn, Stalled, Frozen, IdleFor, CompletionDue,
        ServiceStart, NextReminder, PolicyVersion, Records,
    };

    public static readonly IReadOnlyList<string> LastRecordKeys = ["action", "by", "before", "after", "at", "text"];

    public static readonly IReadOnlyList<string> AppealKeys = ["opened-by", "frozen-stage", "opened-at", "decision-due", "reason"];
}
