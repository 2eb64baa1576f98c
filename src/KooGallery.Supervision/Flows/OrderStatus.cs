namespace KooGallery.Supervision;

/// <summary>The order status derived from the flow's stage (the order status, R7).</summary>
public enum OrderStatus
{
    /// <summary>The flow is in a non-final stage.</summary>
    Processing = 0,

    /// <summary>The flow completed.</summary>
    Completed = 1,

    /// <summary>The flow was closed by an appeal decision.</summary>
    Closed = 2,
}
