namespace KooGallery.Supervision.Testing;

/// <summary>One step of a <see cref="FlowRoute"/>: the command a <see cref="FlowBuilder"/> sends next.</summary>
internal enum RouteStep
{
    /// <summary>The flow has reached the goal.</summary>
    Done,

    /// <summary>The buyer submits the request, or a revised one.</summary>
    SubmitRequest,

    /// <summary>The seller accepts the request.</summary>
    AcceptRequest,

    /// <summary>The seller returns the request (one request rejection).</summary>
    ReturnRequest,

    /// <summary>The seller delivers.</summary>
    Deliver,

    /// <summary>The buyer accepts the delivery.</summary>
    AcceptDelivery,

    /// <summary>The buyer rejects the delivery (one delivery rejection).</summary>
    RejectDelivery,

    /// <summary>The clock moves to the completion instant and the timers are swept.</summary>
    AwaitCompletion,

    /// <summary>A party opens an appeal.</summary>
    OpenAppeal,

    /// <summary>An operations manager closes the open appeal.</summary>
    CloseAppeal,
}
