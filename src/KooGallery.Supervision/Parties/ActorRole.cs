namespace KooGallery.Supervision;

/// <summary>The four kinds of actor (actors and access, R1).</summary>
public enum ActorRole
{
    /// <summary>The buyer who bought the product.</summary>
    Buyer = 0,

    /// <summary>The seller who provides the product.</summary>
    Seller = 1,

    /// <summary>An operations manager of the marketplace: reads any flow, acts only on appeals.</summary>
    OperationsManager = 2,

    /// <summary>The system: acts only through timers.</summary>
    System = 3,
}
