namespace KooGallery.Supervision;

/// <summary>
/// The stage a service flow is in (the stages, R6). Every flow is in exactly one stage; an open appeal
/// freezes the flow in its stage without changing it (the appeal freeze, R20).
/// </summary>
public enum Stage
{
    /// <summary>The buyer is to submit a request.</summary>
    AwaitingRequest = 0,

    /// <summary>The seller is to review the buyer's request.</summary>
    RequestSubmitted = 1,

    /// <summary>The seller returned the request; the buyer is to revise and submit it again.</summary>
    RequestReturned = 2,

    /// <summary>The seller is to deliver the service.</summary>
    InService = 3,

    /// <summary>The seller delivered; the buyer is to accept or reject the delivery.</summary>
    Delivered = 4,

    /// <summary>The buyer rejected the delivery; the seller is to deliver again.</summary>
    DeliveryRejected = 5,

    /// <summary>The buyer accepted the delivery; completion is pending (completion, R15).</summary>
    Accepted = 6,

    /// <summary>Final: the flow completed and the order is billable.</summary>
    Completed = 7,

    /// <summary>Final: an appeal decision ended the flow without completion; not billable.</summary>
    Closed = 8,
}
