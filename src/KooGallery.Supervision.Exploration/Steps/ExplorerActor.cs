namespace KooGallery.Supervision.Exploration;

/// <summary>The kinds of actor the explorer acts as (actors and access, R1): both parties, an operations manager and a stranger.</summary>
public enum ExplorerActor
{
    /// <summary>The flow's buyer.</summary>
    Buyer,

    /// <summary>The flow's seller.</summary>
    Seller,

    /// <summary>An operations manager of the marketplace.</summary>
    OperationsManager,

    /// <summary>A buyer of other orders, who is no party of the explored flow: every action must be refused as Forbidden.</summary>
    Stranger,
}
