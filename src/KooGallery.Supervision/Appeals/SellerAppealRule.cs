namespace KooGallery.Supervision;

/// <summary>When a seller may open an appeal (the seller's appeal, R22).</summary>
public enum SellerAppealRule
{
    /// <summary>At any time while the flow is not final (the current process; the default).</summary>
    AnyTime = 0,

    /// <summary>
    /// Only when a condition mirroring the buyer's (the buyer's appeal, R21) holds: the buyer has stalled, or either
    /// rejection count has reached its threshold (as older versions of the process required).
    /// </summary>
    MirrorBuyerConditions = 1,
}
