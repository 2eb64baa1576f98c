namespace KooGallery.Supervision;

/// <summary>The party a flow waits on (waiting and the idle clock, R16).</summary>
public enum Party
{
    /// <summary>The flow waits on nobody (Accepted and the final stages).</summary>
    Nobody = 0,

    /// <summary>The flow waits on the buyer.</summary>
    Buyer = 1,

    /// <summary>The flow waits on the seller.</summary>
    Seller = 2,

    /// <summary>The flow waits on an operations manager: an appeal is open and must be decided (waiting and the idle clock, R16; the appeal freeze, R20).</summary>
    OperationsManagers = 3,
}
