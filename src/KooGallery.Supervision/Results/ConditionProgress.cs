namespace KooGallery.Supervision;

/// <summary>
/// How far one guarded condition is from holding, as given by a ConditionNotMet error (the buyer's appeal, R21) and
/// by the view.
/// </summary>
public sealed record ConditionProgress
{
    /// <summary>Gets the condition's stable name, such as "SellerStalled", "RequestRejections", "DeliveryRejections", "BuyerStalled" or "ReminderInterval".</summary>
    public required string Condition { get; init; }

    /// <summary>Gets whether the condition holds.</summary>
    public required bool Holds { get; init; }

    /// <summary>Gets a human-readable progress, for example "seller idle 2 days 4 hours of 5 days".</summary>
    public required string Description { get; init; }

    /// <summary>Gets the current count, for counting conditions.</summary>
    public int? Count { get; init; }

    /// <summary>Gets the count at which the condition holds, for counting conditions.</summary>
    public int? RequiredCount { get; init; }

    /// <summary>Gets the elapsed time, for time conditions.</summary>
    public Duration? Elapsed { get; init; }

    /// <summary>Gets the time the condition needs, for time conditions (it holds once exceeded or reached, as its description says).</summary>
    public Duration? Required { get; init; }

    /// <summary>Gets when the condition will hold if nothing else happens, for time conditions that run.</summary>
    public Instant? HoldsFrom { get; init; }
}
