namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>Who acts in a step, as a scenario file names them.</summary>
internal enum ScenarioActor
{
    /// <summary><c>buyer</c>: the buyer of the step's order.</summary>
    Buyer = 0,

    /// <summary><c>seller</c>: the seller of the step's order.</summary>
    Seller = 1,

    /// <summary><c>ops</c>: an operations manager of the marketplace.</summary>
    Ops = 2,

    /// <summary><c>stranger-buyer</c>: a buyer who is not the order's buyer.</summary>
    StrangerBuyer = 3,

    /// <summary><c>stranger-seller</c>: a seller who is not the order's seller.</summary>
    StrangerSeller = 4,

    /// <summary><c>system</c>: the library's own role, which every caller naming it is refused.</summary>
    System = 5,
}
