namespace KooGallery.Supervision;

/// <summary>
/// The buyer or the seller opens an appeal (the buyer's appeal, R21; the seller's appeal, R22; appeal content, R23).
/// The flow is frozen until an operations manager decides (the appeal freeze, R20).
/// </summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The buyer or the seller.</param>
/// <param name="Reason">Why the party appeals; required.</param>
/// <param name="Proofs">Optional proof references.</param>
public sealed record OpenAppeal(string CommandId, string OrderNumber, Actor Actor, string Reason, IReadOnlyList<ProofReference>? Proofs = null)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.OpenAppeal;

    internal override CommandText? OnlyText => null;

    internal override void Validate(CommandValidation validation)
    {
        validation.RequireText(nameof(Reason), Reason, "The reason");
        validation.CheckReferences(nameof(Proofs), Proofs, 0);
    }

    internal override SupervisionCommand TakeInput(CommandInput input) => this with
    {
        Reason = input.Text(nameof(Reason), Reason)!,
        Proofs = input.References(nameof(Proofs), Proofs),
    };

    internal override void Describe(CommandContent content)
    {
        content.Text = Reason;
        if (Proofs is not null)
        {
            foreach (var proof in Proofs)
            {
                content.AddReference(proof);
            }
        }
    }
}
