using System.Globalization;
using KooGallery.Supervision.Internal;
using NodaTime.Text;

namespace KooGallery.Supervision;

/// <summary>
/// Creates the flow of a paid order (rules R2 to R5): checks the order, picks the policy in force at its placement
/// (policy versions, R33), and saves the new flow with its creation record; the same order again returns the existing
/// flow, and different data for it is a Conflict (creating twice, R3).
/// </summary>
internal sealed class FlowCreator(IServiceFlowStore store, IClock clock, PolicyCatalog policies, ServiceSupervisionOptions options, SupervisionTelemetry telemetry, FlowTransaction transaction)
{
    public async ValueTask<SupervisionResult<ServiceFlow>> CreateAsync(NewServiceFlow order, CancellationToken cancellationToken)
    {
        if (order.IsRenewal)
        {
            return Errors.Validation(nameof(NewServiceFlow.IsRenewal),
                $"Order {order.OrderNumber} renews an earlier order; a renewal order gets no service flow (R4). Supervise the original order's flow instead.",
                SupervisionErrorReason.RenewalOrder);
        }

        var errors = FlowCreation.Validate(order);
        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        var policy = policies.ForPlacement(order.PlacedAt);
        if (policy is null)
        {
            var earliest = policies.Earliest;
            return Errors.Validation(nameof(NewServiceFlow.PlacedAt), string.Create(CultureInfo.InvariantCulture,
                $"No supervision policy was in force at {order.PlacedAt}: the earliest registered policy, '{earliest.Version}', starts at {earliest.EffectiveFrom}. Register a policy whose EffectiveFrom is at or before the placement, or {KeepTheDefault(earliest)} to keep the built-in default for earlier orders."),
                SupervisionErrorReason.NoPolicyInForce);
        }

        var policyErrors = FlowCreation.ValidateUnderPolicy(order, policy);
        if (policyErrors.Count > 0)
        {
            return Errors.Validation(policyErrors);
        }

        for (var attempt = 0; attempt < options.MaxCommandAttempts; attempt++)
        {
            var existing = await store.LoadAsync(order.OrderNumber, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                // The existing flow is answered as a read answers it: with its due timers caught up (completion, R15).
                return await transaction.RunAsync(order.OrderNumber, new ExistingFlowRead(order), cancellationToken).ConfigureAwait(false);
            }

            var now = clock.GetCurrentInstant();
            if (options.PlacementClockTolerance is { } tolerance && order.PlacedAt - now > Duration.FromTimeSpan(tolerance))
            {
                // Paid orders only (R2): a flow placed after its creation would start its service before its placement.
                return Errors.Validation(nameof(NewServiceFlow.PlacedAt), string.Create(CultureInfo.InvariantCulture,
                    $"The placement {InstantPattern.ExtendedIso.Format(order.PlacedAt)} lies after the supervisor's clock ({InstantPattern.ExtendedIso.Format(now)}) by more than ServiceSupervisionOptions.PlacementClockTolerance ({tolerance}); a flow is created once its order is paid. Give the instant the order was paid, or check the clocks."),
                    SupervisionErrorReason.PlacedInTheFuture);
            }

            var (flow, record) = FlowCreation.Create(order, policy, now);
            cancellationToken.ThrowIfCancellationRequested(); // a caller that cancelled gets no flow
            var saved = await store.SaveAsync(new FlowChange(flow, 0, [record], [], null), cancellationToken).ConfigureAwait(false);
            if (saved == FlowSaveResult.Saved)
            {
                telemetry.FlowCreated(flow);
                return flow;
            }

            telemetry.LostRace(nameof(SupervisionAction.CreateFlow), order.OrderNumber, attempt + 1, attempt + 1 < options.MaxCommandAttempts);
        }

        return Errors.Conflict(SupervisionErrorReason.VersionConflict, $"Order {order.OrderNumber} was being created concurrently; try again.");
    }

    /// <summary>What keeps the built-in default for earlier orders: the option, unless it is on and a registered policy named "default" replaced the built-in one.</summary>
    private string KeepTheDefault(SupervisionPolicy earliest) =>
        options.IncludeDefaultPolicy && string.Equals(earliest.Version, SupervisionPolicy.Default.Version, StringComparison.Ordinal)
            ? $"give the registered policy '{earliest.Version}' another version name (it replaces the built-in default of that name)"
            : "set ServiceSupervisionOptions.IncludeDefaultPolicy to true";
}

/// <summary>
/// Creating a flow that exists (creating twice, R3): the same data answers with the existing flow, different data is a
/// Conflict. Either way it is judged as a read or a command is, on the flow with its due timers caught up and kept
/// (completion, R15), against the flow as each attempt loads it.
/// </summary>
internal sealed class ExistingFlowRead(NewServiceFlow order) : FlowWork<SupervisionResult<ServiceFlow>>
{
    public override bool DispatchInline => true;

    public override string Action => FlowTransaction.ReadAction;

    public override ValueTask<(bool Done, SupervisionResult<ServiceFlow> Result)> AdmitAsync(ServiceFlow? stored, CommandOutcome? prior, Instant now, CancellationToken cancellationToken)
    {
        // A store never removes a flow; should one vanish all the same, the caller may create it again.
        if (stored is null)
        {
            return new((true, Errors.Conflict(SupervisionErrorReason.VersionConflict, $"Order {order.OrderNumber} changed while it was created; try again.")));
        }

        return new((false, default));
    }

    public override FlowDecision<SupervisionResult<ServiceFlow>> Decide(FlowAttempt attempt)
    {
        var differences = FlowCreation.Differences(attempt.Stored, order);
        if (differences.Count > 0)
        {
            return new(Errors.Conflict(SupervisionErrorReason.DifferentOrderData,
                $"Order {order.OrderNumber} already has a service flow created with different data ({string.Join(", ", differences)}). Use a new order number, or send the original data."), Refused: true);
        }

        // Nothing was due: the stored flow itself, as a load gives it.
        return new(attempt.Changes.HasAny ? attempt.Draft : attempt.Stored);
    }

    // Others keep changing the flow: answer with the caught-up state all the same (unsaved, at the version read).
    public override SupervisionResult<ServiceFlow> GaveUp(FlowDecision<SupervisionResult<ServiceFlow>> last) => last.Result;
}
