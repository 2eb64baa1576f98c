namespace KooGallery.Supervision.Relational;

/// <summary>
/// The indexed columns a relational store keeps beside a flow's JSON state. Instants are kept as
/// Unix nanoseconds in 64 bits, clamped at the range's ends (years 1677 to 2262): the columns serve
/// ordering and filtering, and the JSON state keeps every instant exactly.
/// </summary>
internal readonly record struct RelationalFlowColumns(
    string OrderNumber,
    long Version,
    string BuyerId,
    string SellerId,
    string ProductId,
    int Stage,
    int Status,
    long PlacedAt,
    int WaitingOn,
    bool UnderAppeal,
    long? StallDueAt,
    long? NextDueAt,
    long? DecisionDueAt,
    ServiceFlow Flow)
{
    // Properties, not static fields: the two sums cost nothing, and a mutation test can then change them per test
    // (a static field is computed once per process, before any mutant is active; docs/testing.md).
    private static Instant MinNanos => NodaConstants.UnixEpoch + Duration.FromNanoseconds(long.MinValue);
    private static Instant MaxNanos => NodaConstants.UnixEpoch + Duration.FromNanoseconds(long.MaxValue);

    public static RelationalFlowColumns Of(ServiceFlow flow) => new(
        flow.OrderNumber,
        flow.Version,
        flow.BuyerId,
        flow.SellerId,
        flow.ProductId,
        (int)flow.Stage,
        (int)flow.Status,
        Nanos(flow.PlacedAt),
        (int)flow.WaitingOn,
        flow.IsFrozen,
        // A stall once raised holds from the start of time for the stalled search, so a clock set back never takes it
        // back (the clock, R32), as the flow's own reading of it does.
        flow.StallRaised && flow.StallDueAt is not null ? long.MinValue : Nanos(flow.StallDueAt),
        Nanos(flow.NextTimerDueAt),
        Nanos(flow.Appeal?.DecisionDueAt),
        flow);

    public static long Nanos(Instant instant)
    {
        // Stryker disable once Equality : at the bound the arithmetic gives long.MinValue as well
        if (instant <= MinNanos)
        {
            return long.MinValue;
        }

        // Stryker disable once Equality : at the bound the arithmetic gives long.MaxValue as well
        return instant >= MaxNanos ? long.MaxValue : (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
    }

    public static long? Nanos(Instant? instant) => instant is { } value ? Nanos(value) : null;

    /// <summary>The column value of <paramref name="instant"/> plus a positive <paramref name="later"/>, clamped like <see cref="Nanos(Instant)"/> and never overflowing.</summary>
    public static long NanosAfter(Instant instant, Duration later)
    {
        // Stryker disable once Equality,Arithmetic : at the bound both branches give long.MaxValue; past 2262 Nanos clamps the same way
        return instant >= MaxNanos - later ? long.MaxValue : Nanos(instant + later);
    }

    public static Instant FromNanos(long nanos) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanos);
}
