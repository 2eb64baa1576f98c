using NodaTime.Text;

namespace KooGallery.Supervision;

/// <summary>
/// The seller delivers with proof (delivery with proof, R12): the statement of work and the acceptance document are
/// required, further proofs optional. Values for the delivery template's acceptance criteria
/// follow the product's template. The flow goes to Delivered.
/// </summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The seller.</param>
/// <param name="StatementOfWork">The requirements document (statement of work); required.</param>
/// <param name="AcceptanceDocument">The acceptance document; required.</param>
/// <param name="FurtherProofs">Further optional proofs.</param>
/// <param name="Criteria">Values for the delivery template's acceptance criteria, by criterion name.</param>
/// <param name="EnablingInstant"> The actual service enabling instant, if it differs from the acceptance; not before
/// the order's placement and not after now (delivery with proof, R12). It becomes the service start when this
/// delivery is accepted (the service start, R14).
/// </param>
/// <param name="Note">An optional note to the buyer.</param>
public sealed record Deliver(
    string CommandId,
    string OrderNumber,
    Actor Actor,
    ProofReference StatementOfWork,
    ProofReference AcceptanceDocument,
    IReadOnlyList<ProofReference>? FurtherProofs = null,
    IReadOnlyDictionary<string, string>? Criteria = null,
    Instant? EnablingInstant = null,
    string? Note = null)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <summary>The record field that holds <see cref="EnablingInstant"/>; template names never start with '$'.</summary>
    public const string EnablingInstantField = "$enablingInstant";

    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.Deliver;

    internal override CommandText? OnlyText => null;

    internal override void Validate(CommandValidation validation)
    {
        validation.RequireReference(nameof(StatementOfWork), StatementOfWork, "The statement of work");
        validation.RequireReference(nameof(AcceptanceDocument), AcceptanceDocument, "The acceptance document");
        validation.CheckReferences(nameof(FurtherProofs), FurtherProofs, 2);
        validation.CheckTemplate(nameof(Criteria), validation.Flow.DeliveryTemplate, Criteria, "delivery template");
        validation.LimitText(nameof(Note), Note, "The note");
        if (EnablingInstant is { } enabling)
        {
            if (enabling < validation.Flow.PlacedAt)
            {
                validation.Add(nameof(EnablingInstant), $"The enabling instant {enabling} lies before the order's placement at {validation.Flow.PlacedAt}; give an instant between placement and now.");
            }
            else if (enabling > validation.Now)
            {
                validation.Add(nameof(EnablingInstant), $"The enabling instant {enabling} lies after the delivery at {validation.Now}; give an instant between placement and now.");
            }
        }
    }

    internal override SupervisionCommand TakeInput(CommandInput input) => this with
    {
        StatementOfWork = input.Reference(nameof(StatementOfWork), StatementOfWork)!,
        AcceptanceDocument = input.Reference(nameof(AcceptanceDocument), AcceptanceDocument)!,
        FurtherProofs = input.References(nameof(FurtherProofs), FurtherProofs),
        Criteria = input.Fields(nameof(Criteria), Criteria, input.Flow.DeliveryTemplate),
        Note = input.Text(nameof(Note), Note),
    };

    internal override void Describe(CommandContent content)
    {
        content.Text = Note;
        content.AddReference(StatementOfWork);
        content.AddReference(AcceptanceDocument);
        if (FurtherProofs is not null)
        {
            foreach (var proof in FurtherProofs)
            {
                content.AddReference(proof);
            }
        }

        if (Criteria is not null)
        {
            foreach (var pair in Criteria)
            {
                content.AddField(pair.Key, pair.Value);
            }
        }

        if (EnablingInstant is { } enabling)
        {
            content.AddField(EnablingInstantField, InstantPattern.ExtendedIso.Format(enabling));
        }
    }
}
