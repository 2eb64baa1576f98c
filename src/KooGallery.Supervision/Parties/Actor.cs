namespace KooGallery.Supervision;

/// <summary>
/// Who performs an action: an identifier chosen by the host (a user id) and the role in which
/// that identity acts (actors and access, R1). Instances are immutable and compare by value.
/// </summary>
/// <param name="Id">The host's identifier for the person or process; never null or empty for a valid actor.</param>
/// <param name="Role">The role in which the identity acts.</param>
public sealed record Actor(string Id, ActorRole Role)
{
    /// <summary>The identifier used by <see cref="System"/>.</summary>
    public const string SystemId = "system";

    /// <summary>Gets the system actor, which acts only through timers.</summary>
    public static Actor System { get; } = new(SystemId, ActorRole.System);

    /// <summary>Creates a buyer actor.</summary>
    /// <param name="id">The buyer's identifier.</param>
    /// <returns>The actor.</returns>
    public static Actor Buyer(string id) => new(id, ActorRole.Buyer);

    /// <summary>Creates a seller actor.</summary>
    /// <param name="id">The seller's identifier.</param>
    /// <returns>The actor.</returns>
    public static Actor Seller(string id) => new(id, ActorRole.Seller);

    /// <summary>Creates an operations manager actor.</summary>
    /// <param name="id">The operations manager's identifier.</param>
    /// <returns>The actor.</returns>
    public static Actor OperationsManager(string id) => new(id, ActorRole.OperationsManager);

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Role} {Id}");
}
