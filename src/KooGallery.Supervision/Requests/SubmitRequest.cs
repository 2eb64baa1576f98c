namespace KooGallery.Supervision;

/// <summary>The buyer submits a request, or a revised one after a return (submitting a request, R8; resubmitting, R10).</summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The buyer.</param>
/// <param name="Text">The request text; required, at most <see cref="SupervisionPolicy.MaxTextLength"/> characters.</param>
/// <param name="Fields">Values for the request template's fields, by field name; every required field must have one.</param>
public sealed record SubmitRequest(string CommandId, string OrderNumber, Actor Actor, string Text, IReadOnlyDictionary<string, string>? Fields = null)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.SubmitRequest;

    internal override CommandText? OnlyText => null;

    internal override void Validate(CommandValidation validation)
    {
        validation.RequireText(nameof(Text), Text, "The request text");
        validation.CheckTemplate(nameof(Fields), validation.Flow.RequestTemplate, Fields, "request template");
    }

    internal override SupervisionCommand TakeInput(CommandInput input) => this with
    {
        Text = input.Text(nameof(Text), Text)!,
        Fields = input.Fields(nameof(Fields), Fields, input.Flow.RequestTemplate),
    };

    internal override void Describe(CommandContent content)
    {
        content.Text = Text;
        if (Fields is not null)
        {
            foreach (var pair in Fields)
            {
                content.AddField(pair.Key, pair.Value);
            }
        }
    }
}
