using System.Globalization;

namespace KooGallery.Supervision.Testing;

/// <summary>
/// Describes one flow of a <see cref="SupervisionTestHost"/> and drives it to any stage by the shortest legal
/// path, sending the public commands as the buyer, the seller and an operations manager would. Get one from
/// <see cref="SupervisionTestHost.NewFlow"/>.
/// </summary>
/// <remarks>
/// <para>The order's data (kind, placement, templates, amount) matters only when the builder creates the flow;
/// a flow that already exists is driven on from where it stands. The path options (<see cref="WithRequestRejections"/>,
/// <see cref="WithDeliveryRejections"/>, <see cref="WithAppealBy"/>) apply to every later <see cref="DriveToAsync"/>.</para>
/// <para>Every step must be accepted: a refusal throws an <see cref="InvalidOperationException"/> that names the
/// step and carries the library's message. Not thread-safe.</para>
/// </remarks>
public sealed class FlowBuilder
{
    private static readonly ProofReference StatementOfWork = new("Statement of work", "https://files.example/statement-of-work.pdf");
    private static readonly ProofReference AcceptanceDocument = new("Acceptance document", "https://files.example/acceptance.pdf");

    private readonly SupervisionTestHost _host;
    private ProductKind _kind = ProductKind.ProfessionalService;
    private string _productId = "product-1";
    private Instant _placedAt;
    private decimal _amount = 1200m;
    private string _currency = "CNY";
    private IReadOnlyList<TemplateField>? _requestTemplate;
    private IReadOnlyList<TemplateField>? _deliveryTemplate;
    private int _requestRejections;
    private int _deliveryRejections;
    private Party _appealBy = Party.Nobody;

    internal FlowBuilder(SupervisionTestHost host, string orderNumber)
    {
        _host = host;
        OrderNumber = orderNumber;
        _placedAt = host.Now;
    }

    /// <summary>Gets the order number of the flow.</summary>
    public string OrderNumber { get; }

    /// <summary>Sets the product kind (the default is <see cref="ProductKind.ProfessionalService"/>).</summary>
    /// <param name="kind">The kind; with the policy it decides whether the flow has a request step (starting stage, R5).</param>
    /// <returns>This builder.</returns>
    public FlowBuilder OfKind(ProductKind kind)
    {
        _kind = kind;
        return this;
    }

    /// <summary>Sets the product id (the default is "product-1").</summary>
    /// <param name="productId">The product id.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder ForProduct(string productId)
    {
        _productId = productId;
        return this;
    }

    /// <summary>Sets when the order was placed (the default is the host's clock when the builder was made).</summary>
    /// <param name="placedAt">The placement; it selects the policy version (policy versions, R33).</param>
    /// <returns>This builder.</returns>
    public FlowBuilder PlacedAt(Instant placedAt)
    {
        _placedAt = placedAt;
        return this;
    }

    /// <summary>Sets the amount paid (the default is 1200 CNY).</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">The ISO 4217 currency code.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder WithAmount(decimal amount, string currency = "CNY")
    {
        _amount = amount;
        _currency = currency;
        return this;
    }

    /// <summary>Sets the product's request template (the default is none). The builder fills every field when it submits.</summary>
    /// <param name="fields">The fields.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder WithRequestTemplate(params TemplateField[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _requestTemplate = fields.ToArray();
        return this;
    }

    /// <summary>Sets the product's delivery template (the default is none). The builder fills every criterion when it delivers.</summary>
    /// <param name="fields">The acceptance criteria.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder WithDeliveryTemplate(params TemplateField[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _deliveryTemplate = fields.ToArray();
        return this;
    }

    /// <summary>
    /// Gets the most rejections of each kind a path may take: 10,000, ten times the largest rejection threshold a policy
    /// may set (each rejection is two commands).
    /// </summary>
    public const int MaxRejections = 10_000;

    /// <summary>
    /// Makes the path return the request until the flow's request-rejection count reaches <paramref name="count"/>,
    /// each return followed by a revised request (the default is 0).
    /// </summary>
    /// <param name="count">The request-rejection count to reach.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than <see cref="MaxRejections"/>.</exception>
    public FlowBuilder WithRequestRejections(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxRejections);
        _requestRejections = count;
        return this;
    }

    /// <summary>
    /// Makes the path reject the delivery until the flow's delivery-rejection count reaches <paramref name="count"/>,
    /// each rejection followed by a new delivery (the default is 0): driving to Delivered with 2 goes Deliver, Reject,
    /// Deliver, Reject, Deliver.
    /// </summary>
    /// <param name="count">The delivery-rejection count to reach.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than <see cref="MaxRejections"/>.</exception>
    public FlowBuilder WithDeliveryRejections(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxRejections);
        _deliveryRejections = count;
        return this;
    }

    /// <summary>
    /// Makes <paramref name="party"/> open an appeal once the flow reaches the target stage, leaving the flow frozen
    /// there (appeal freeze, R20); when the target is <see cref="Stage.Closed"/>, it is the appeal an operations manager then closes
    /// (there the seller opens it unless told otherwise). The appeal must be permitted: a buyer's needs one of its
    /// conditions (Buyer's appeal, R21), for example three rejections.
    /// </summary>
    /// <param name="party"><see cref="Party.Buyer"/>, <see cref="Party.Seller"/>, or <see cref="Party.Nobody"/> for no appeal.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="party"/> is not one that may open an appeal.</exception>
    public FlowBuilder WithAppealBy(Party party)
    {
        if (party is not (Party.Buyer or Party.Seller or Party.Nobody))
        {
            throw new ArgumentOutOfRangeException(nameof(party), party, "Only the buyer or the seller opens an appeal.");
        }

        _appealBy = party;
        return this;
    }

    /// <summary>Builds the order the builder creates the flow from.</summary>
    /// <returns>The order.</returns>
    public NewServiceFlow ToOrder() => new()
    {
        OrderNumber = OrderNumber,
        BuyerId = _host.Buyer.Id,
        SellerId = _host.Seller.Id,
        ProductId = _productId,
        ProductKind = _kind,
        AmountPaid = _amount,
        Currency = _currency,
        PlacedAt = _placedAt,
        RequestTemplate = _requestTemplate,
        DeliveryTemplate = _deliveryTemplate,
    };

    /// <summary>Creates the flow unless it exists, and returns it as it stands.</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The flow.</returns>
    /// <exception cref="InvalidOperationException">The creation or the read was refused; the message is the library's.</exception>
    public async Task<ServiceFlow> CreateAsync(CancellationToken cancellationToken = default) =>
        await FindAsync(cancellationToken).ConfigureAwait(false) ?? await CreateNewAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Creates the flow if needed and drives it to <paramref name="target"/> by the shortest legal path, with the
    /// rejections and the appeal asked for on the way. <see cref="Stage.Completed"/> is reached by accepting the
    /// delivery, then moving the host's clock to the completion instant and sweeping the timers (completion, R15);
    /// <see cref="Stage.Closed"/> by an appeal that an operations manager closes (appeal decisions, R24).
    /// </summary>
    /// <param name="target">The stage to reach.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The flow in <paramref name="target"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is not a stage.</exception>
    /// <exception cref="InvalidOperationException">
    /// No legal path leads there (for example a license product has no request step, or the flow lies past the
    /// target), or a step was refused; the message names the step and carries the library's message.
    /// </exception>
    public async Task<ServiceFlow> DriveToAsync(Stage target, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(target))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "Not a stage.");
        }

        var goal = new FlowGoal(target, _requestRejections, _deliveryRejections, _appealBy);
        CheckGoal(goal);
        var existing = await FindAsync(cancellationToken).ConfigureAwait(false);
        CheckRequestStep(existing?.ProductKind ?? _kind, existing?.PlacedAt ?? _placedAt, goal);
        var flow = existing ?? await CreateNewAsync(cancellationToken).ConfigureAwait(false);

        // Each rejection costs two steps (the rejection and the next submission or delivery); the rest of the path is short.
        var maxSteps = 2L * goal.RequestRejections + 2L * goal.DeliveryRejections + 16; // long: no count can overflow it
        for (var step = 1L; step <= maxSteps; step++)
        {
            var next = FlowRoute.Next(flow, goal);
            if (next == RouteStep.Done)
            {
                return flow;
            }

            flow = await TakeAsync(next, flow, goal, step, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"Driving order {OrderNumber} to {goal} took more than {maxSteps} steps; the flow is in stage {flow.Stage}."));
    }

    private void CheckGoal(FlowGoal goal)
    {
        string? why = null;
        if (goal.Target == Stage.Completed && goal.AppealBy != Party.Nobody)
        {
            why = "a completed flow is final and cannot carry an open appeal";
        }
        else if (goal.RequestRejections > 0 && goal.Target == Stage.AwaitingRequest)
        {
            why = "a flow that awaits its first request has no request rejections";
        }
        else if (goal.DeliveryRejections > 0 && StageProgress.Of(goal.Target) < StageProgress.Of(Stage.Delivered) && goal.Target != Stage.Closed)
        {
            why = $"a flow in {goal.Target} has not been delivered yet";
        }

        if (why is not null)
        {
            throw new InvalidOperationException($"Order {OrderNumber} cannot be driven to {goal}: {why}.");
        }
    }

    private void CheckRequestStep(ProductKind kind, Instant placedAt, FlowGoal goal)
    {
        var policy = _host.Supervisor.PolicyFor(placedAt);
        var hasRequestStep = policy is null || policy.KindsWithRequestStep.Contains(kind);
        var needsRequestStep = goal.RequestRejections > 0 || StageProgress.Of(goal.Target) < StageProgress.Of(Stage.InService);
        if (!hasRequestStep && needsRequestStep)
        {
            throw new InvalidOperationException(
                $"Order {OrderNumber} cannot be driven to {goal}: a {kind} product has no request step under policy '{policy!.Version}' (R5); its flow starts at InService.");
        }
    }

    private async Task<ServiceFlow?> FindAsync(CancellationToken cancellationToken)
    {
        var read = await _host.Supervisor.GetViewAsync(OrderNumber, _host.OperationsManager, cancellationToken).ConfigureAwait(false);
        if (read.IsSuccess)
        {
            // The read caught the flow up and saved it: the store holds the state the view shows.
            return await _host.Store.LoadAsync(OrderNumber, cancellationToken).ConfigureAwait(false);
        }

        return read.Error.Code == SupervisionErrorCode.NotFound
            ? null
            : throw new InvalidOperationException(SupervisionResultExtensions.DescribeRefusal($"Reading order {OrderNumber}", read.Error));
    }

    private async Task<ServiceFlow> CreateNewAsync(CancellationToken cancellationToken)
    {
        var created = await _host.Supervisor.CreateFlowAsync(ToOrder(), cancellationToken).ConfigureAwait(false);
        return created.ValueOrThrow($"Creating order {OrderNumber}");
    }

    private async Task<ServiceFlow> TakeAsync(RouteStep next, ServiceFlow flow, FlowGoal goal, long step, CancellationToken cancellationToken)
    {
        if (next == RouteStep.AwaitCompletion)
        {
            return await AwaitCompletionAsync(flow, goal, step, cancellationToken).ConfigureAwait(false);
        }

        var command = Command(next, flow, goal);
        var result = await _host.Supervisor.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        result.ValueOrThrow(string.Create(CultureInfo.InvariantCulture,
            $"Driving order {OrderNumber} to {goal}, step {step} ({command.Action} by {command.Actor} in stage {flow.Stage})"));
        return await _host.FlowAsync(OrderNumber, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ServiceFlow> AwaitCompletionAsync(ServiceFlow flow, FlowGoal goal, long step, CancellationToken cancellationToken)
    {
        var due = flow.CompletionDueAt ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"Driving order {OrderNumber} to {goal}, step {step}: the flow is Accepted but no completion is pending."));
        if (due > _host.Now)
        {
            _host.AdvanceTo(due);
        }

        await _host.SweepAsync(cancellationToken).ConfigureAwait(false);
        var after = await _host.FlowAsync(OrderNumber, cancellationToken).ConfigureAwait(false);
        return after.Stage == Stage.Completed
            ? after
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Driving order {OrderNumber} to {goal}, step {step}: the flow was still {after.Stage} after the clock reached its completion instant {due} and the timers were swept."));
    }

    private SupervisionCommand Command(RouteStep next, ServiceFlow flow, FlowGoal goal)
    {
        var id = _host.NextCommandId();
        return next switch
        {
            RouteStep.SubmitRequest => new SubmitRequest(id, OrderNumber, _host.Buyer,
                $"Request for order {OrderNumber}, written by the test harness.", Fill(flow.RequestTemplate)),
            RouteStep.AcceptRequest => new AcceptRequest(id, OrderNumber, _host.Seller),
            RouteStep.ReturnRequest => new ReturnRequest(id, OrderNumber, _host.Seller,
                string.Create(CultureInfo.InvariantCulture, $"Returned by the test harness (request rejection {flow.RequestRejections + 1}).")),
            RouteStep.Deliver => new Deliver(id, OrderNumber, _host.Seller, StatementOfWork, AcceptanceDocument, Criteria: Fill(flow.DeliveryTemplate)),
            RouteStep.AcceptDelivery => new AcceptDelivery(id, OrderNumber, _host.Buyer),
            RouteStep.RejectDelivery => new RejectDelivery(id, OrderNumber, _host.Buyer,
                string.Create(CultureInfo.InvariantCulture, $"Rejected by the test harness (delivery rejection {flow.DeliveryRejections + 1}).")),
            RouteStep.OpenAppeal => new OpenAppeal(id, OrderNumber, _host.ActorFor(goal.AppealBy == Party.Nobody ? Party.Seller : goal.AppealBy),
                "Appeal opened by the test harness."),
            RouteStep.CloseAppeal => new DecideAppeal(id, OrderNumber, _host.OperationsManager, "Closed by the test harness.", AppealOutcome.Close),
            _ => throw new ArgumentOutOfRangeException(nameof(next), next, "Not a command step."),
        };
    }

    private static Dictionary<string, string>? Fill(IReadOnlyList<TemplateField> template) =>
        template.Count == 0 ? null : template.ToDictionary(field => field.Name, field => $"Value of {field.Name}", StringComparer.Ordinal);
}
