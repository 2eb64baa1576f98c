using System.Globalization;
using KooGallery.Supervision.Internal;

namespace KooGallery.Supervision.Machine;

/// <summary>
/// The appeal conditions of the buyer (the buyer's appeal, R21) and of the seller (the seller's appeal, R22), with
/// how far each is from holding. The machine's appeal guard and the ConditionNotMet error both read them from here.
/// </summary>
internal static class AppealConditions
{
    public const string SellerStalled = "SellerStalled";
    public const string BuyerStalled = "BuyerStalled";
    public const string RequestRejections = "RequestRejections";
    public const string DeliveryRejections = "DeliveryRejections";
    public const string AnyTime = "AnyTime";
    public const string NotWhileAccepted = "NotWhileAccepted";

    public static bool Hold(ServiceFlow flow, SupervisionPolicy policy, Instant now, ActorRole role)
    {
        if (flow.Stage == Stage.Accepted && !policy.AppealWhileAccepted)
        {
            return false;
        }

        return role switch
        {
            ActorRole.Buyer => IsStalled(flow, now, Party.Seller) || CountsReached(flow, policy),
            ActorRole.Seller => SellerMayAlwaysAppeal(policy) || IsStalled(flow, now, Party.Buyer) || CountsReached(flow, policy),
            // Stryker disable once Boolean : the role guard is asked first; an operations manager or the system never reaches the conditions
            _ => false,
        };
    }

    public static IReadOnlyList<ConditionProgress> Describe(ServiceFlow flow, SupervisionPolicy policy, Instant now, ActorRole role)
    {
        var conditions = new List<ConditionProgress>(4);
        if (flow.Stage == Stage.Accepted && !policy.AppealWhileAccepted)
        {
            conditions.Add(new ConditionProgress
            {
                Condition = NotWhileAccepted,
                Holds = false,
                Description = "the policy permits no appeal once the delivery is accepted",
            });
            return conditions;
        }

        if (role == ActorRole.Seller && SellerMayAlwaysAppeal(policy))
        {
            conditions.Add(new ConditionProgress { Condition = AnyTime, Holds = true, Description = "the seller may appeal at any time" });
            return conditions;
        }

        var other = role == ActorRole.Buyer ? Party.Seller : Party.Buyer;
        conditions.Add(Stall(flow, policy, now, other));
        conditions.Add(Count(RequestRejections, "request rejections", flow.RequestRejections, policy.RequestRejectionsForAppeal));
        conditions.Add(Count(DeliveryRejections, "delivery rejections", flow.DeliveryRejections, policy.DeliveryRejectionsForAppeal));
        return conditions;
    }

    public static string Summarize(IReadOnlyList<ConditionProgress> conditions)
    {
        var parts = new string[conditions.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = conditions[i].Description;
        }

        return string.Join("; ", parts);
    }

    // Each condition is decided by one predicate, which both the machine's guard (Hold) and the
    // explanation of a refusal or a view (Describe) use, so the two can never disagree.
    private static bool SellerMayAlwaysAppeal(SupervisionPolicy policy) => policy.SellerAppeal == SellerAppealRule.AnyTime;

    private static bool IsStalled(ServiceFlow flow, Instant now, Party party) =>
        flow.WaitingOn == party && flow.IsStalledAt(now);

    private static bool Reached(int count, int required) => count >= required;

    private static bool CountsReached(ServiceFlow flow, SupervisionPolicy policy) =>
        Reached(flow.RequestRejections, policy.RequestRejectionsForAppeal) || Reached(flow.DeliveryRejections, policy.DeliveryRejectionsForAppeal);

    private static ConditionProgress Stall(ServiceFlow flow, SupervisionPolicy policy, Instant now, Party party)
    {
        var name = party == Party.Seller ? "seller" : "buyer";
        var condition = party == Party.Seller ? SellerStalled : BuyerStalled;
        var threshold = DurationText.Format(policy.StallAfter);
        var measure = policy.StallMeasure == StallMeasure.CalendarDays ? " (calendar days)" : string.Empty;
        if (flow.WaitingOn != party || flow.IdleSince is null)
        {
            return new ConditionProgress
            {
                Condition = condition,
                Holds = false,
                Description = flow.IsFrozen
                    ? $"the flow waits on an operations manager's decision of the open appeal, and the idle clock is stopped, so the {name} cannot stall"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"the flow is not waiting on the {name} (stage {flow.Stage}), so the {name} cannot stall; more than {threshold}{measure} idle is needed"),
                Elapsed = Duration.Zero,
                Required = policy.StallAfter,
            };
        }

        var idle = flow.IdleFor(now);
        var holds = IsStalled(flow, now, party);
        return new ConditionProgress
        {
            Condition = condition,
            Holds = holds,
            Description = string.Create(CultureInfo.InvariantCulture,
                $"{name} idle {DurationText.Format(idle)} of {threshold}{measure}{(holds ? " (stalled)" : AtThreshold(idle, policy, threshold))}"),
            Elapsed = idle,
            Required = policy.StallAfter,
            HoldsFrom = flow.StallDueAt,
        };
    }

    /// <summary>
    /// At the threshold itself a stall does not hold yet (it needs more than the threshold), and in calendar days an idle
    /// time past the threshold may not hold yet either (the days are counted whole, from the next local midnight): say
    /// so, so the text never reads as met.
    /// </summary>
    private static string AtThreshold(Duration idle, SupervisionPolicy policy, string threshold) =>
        idle >= policy.StallAfter ? $" (not yet stalled: that takes {MoreThan(policy)})" : string.Empty;

    /// <summary>What a stall takes: more than the threshold, or more than its number of whole calendar days.</summary>
    private static string MoreThan(SupervisionPolicy policy) =>
        policy.StallMeasure == StallMeasure.CalendarDays
            ? string.Create(CultureInfo.InvariantCulture, $"more than {policy.StallAfter.Days} whole calendar days")
            : $"more than {DurationText.Format(policy.StallAfter)}";

    /// <summary>
    /// Says, after the conditions, how much longer the other party's idle clock must run before a stall
    /// holds, where a stall condition is still open; empty otherwise.
    /// </summary>
    public static string StallOutlook(ServiceFlow flow, SupervisionPolicy policy, Instant now, IReadOnlyList<ConditionProgress> conditions)
    {
        foreach (var condition in conditions)
        {
            // Stryker disable once Logical : the outlook is written only into a refusal, where no condition holds
            if (condition.Condition is SellerStalled or BuyerStalled && !condition.Holds && flow.StallDueAt is { } due && condition.HoldsFrom is not null)
            {
                var who = condition.Condition == SellerStalled ? "seller" : "buyer";
                // Stryker disable once Equality,String,Conditional : a stall due at or before now holds, and then there is no refusal to explain
                var wait = due > now ? DurationText.Format(due - now) + " from now" : "any moment now";
                return string.Create(CultureInfo.InvariantCulture,
                    $" The {who} has stalled once idle {MoreThan(policy)}: {wait}.");
            }
        }

        return string.Empty;
    }

    private static ConditionProgress Count(string condition, string what, int count, int required) => new()
    {
        Condition = condition,
        Holds = Reached(count, required),
        Description = string.Create(CultureInfo.InvariantCulture, $"{what} {count} of {required}"),
        Count = count,
        RequiredCount = required,
    };
}
