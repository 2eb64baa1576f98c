namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>Whom a flow waits on, as a scenario file names it (<c>waiting-on: seller</c>).</summary>
internal enum WaitingParty
{
    /// <summary><c>nobody</c>.</summary>
    Nobody = 0,

    /// <summary><c>buyer</c>.</summary>
    Buyer = 1,

    /// <summary><c>seller</c>.</summary>
    Seller = 2,

    /// <summary><c>ops</c>: the operations managers, while an appeal is open.</summary>
    Ops = 3,
}
