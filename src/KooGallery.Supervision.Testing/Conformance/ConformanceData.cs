using System.Text.Json.Nodes;

namespace KooGallery.Supervision.Testing;

/// <summary>
/// The parties, orders and raw changes of the conformance cases. A changed flow state is made through the public stored
/// form (<see cref="SupervisionStorageFormat"/>): the flow is written as JSON, its members edited there and read back,
/// as a store of one's own would read its rows, so the suite needs nothing of the core that users cannot reach.
/// </summary>
internal static class ConformanceData
{
    /// <summary>The instant every case's clock starts at: a Monday morning, with nanoseconds that a store must keep.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromNanoseconds(123_456_789);

    public static readonly Actor Buyer = Actor.Buyer("conformance-buyer");
    public static readonly Actor Seller = Actor.Seller("conformance-seller");
    public static readonly ProofReference Sow = new("Statement of work", "https://files.example/sow.pdf");
    public static readonly ProofReference Acceptance = new("Acceptance document", "https://files.example/acceptance.pdf");

    public static NewServiceFlow Order(string orderNumber, Instant? placedAt = null, string productId = "product") => new()
    {
        OrderNumber = orderNumber,
        BuyerId = Buyer.Id,
        SellerId = Seller.Id,
        ProductId = productId,
        ProductKind = ProductKind.ProfessionalService,
        AmountPaid = 1234.56m,
        Currency = "CNY",
        PlacedAt = placedAt ?? Start - Duration.FromNanoseconds(1),
        RequestTemplate = [new TemplateField("Scope", Required: false)],
    };

    /// <summary>
    /// The state <paramref name="flow"/> would have at <paramref name="version"/>, with the members
    /// <paramref name="edit"/> sets on its stored form (names as <see cref="SupervisionStorageFormat"/> writes them:
    /// <c>orderNumber</c>, <c>buyerId</c>, <c>requestRejections</c>, ...).
    /// </summary>
    public static ServiceFlow Changed(ServiceFlow flow, long version, Action<JsonObject>? edit = null)
    {
        var stored = JsonNode.Parse(SupervisionStorageFormat.Flow.Serialize(flow))!.AsObject();
        stored["version"] = version;
        edit?.Invoke(stored);
        return SupervisionStorageFormat.Flow.Deserialize(stored.ToJsonString());
    }

    /// <summary>The action of every raw change the cases save: the seller's progress update, which leaves the stage as it is.</summary>
    public const SupervisionAction Update = SupervisionAction.PostProgressUpdate;

    public static OperationRecord Record(ServiceFlow flow, long sequence) => new()
    {
        OrderNumber = flow.OrderNumber,
        Sequence = sequence,
        At = Start,
        ActorId = Seller.Id,
        ActorRole = Seller.Role,
        Action = Update,
        StageBefore = flow.Stage,
        StageAfter = flow.Stage,
        Text = "conformance",
    };

    public static SupervisionEvent Event(ServiceFlow flow, string text = "conformance") => new()
    {
        Id = Guid.NewGuid(),
        Kind = SupervisionEventKind.ReminderSent,
        OrderNumber = flow.OrderNumber,
        OccurredAt = Start,
        FlowVersion = flow.Version,
        BuyerId = flow.BuyerId,
        SellerId = flow.SellerId,
        Stage = flow.Stage,
        Text = text,
    };

    public static CommandOutcome Outcome(string commandId, ServiceFlow flow) => new()
    {
        CommandId = commandId,
        OrderNumber = flow.OrderNumber,
        Action = Update,
        StageBefore = flow.Stage,
        StageAfter = flow.Stage,
        FlowVersion = flow.Version,
        RecordSequence = flow.LastSequence + 1,
        At = Start,
    };
}
