using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace KooGallery.Supervision.Web.Pages.Flows;

/// <summary>
/// What one action form of the flow page posts. Each form carries a command id chosen when the page was drawn, so a
/// form sent twice (a double click, a reload) is one command (command ids, R30): the second gets the first outcome.
/// </summary>
public sealed class ActionForm
{
    public SupervisionAction Action { get; set; }

    public string CommandId { get; set; } = string.Empty;

    /// <summary>The request text, reason, update, note, message or decision, as the action names it.</summary>
    public string? Text { get; set; }

    /// <summary>Template field or acceptance criterion names, beside <see cref="FieldValues"/>.</summary>
    public List<string> FieldNames { get; set; } = [];

    public List<string?> FieldValues { get; set; } = [];

    /// <summary>Further fields, one "name = value" a line, for orders whose template the marketplace does not know.</summary>
    public string? OtherFields { get; set; }

    public string? ProofName1 { get; set; }

    public string? ProofUri1 { get; set; }

    public string? ProofName2 { get; set; }

    public string? ProofUri2 { get; set; }

    public string? ProofName3 { get; set; }

    public string? ProofUri3 { get; set; }

    public string? EnablingInstant { get; set; }

    public AppealOutcome Outcome { get; set; }

    public Stage? ReturnTo { get; set; }

    public bool ResetRejectionCounts { get; set; }

    /// <summary>Builds the command, or a Validation refusal for input the page itself cannot read.</summary>
    public (SupervisionCommand? Command, SupervisionError? Refusal) ToCommand(string orderNumber, Actor actor)
    {
        var text = Text ?? string.Empty;
        var note = string.IsNullOrWhiteSpace(Text) ? null : Text;
        SupervisionCommand? command;
        switch (Action)
        {
            case SupervisionAction.SubmitRequest:
                command = new SubmitRequest(CommandId, orderNumber, actor, text, Fields());
                break;
            case SupervisionAction.AcceptRequest:
                command = new AcceptRequest(CommandId, orderNumber, actor, note);
                break;
            case SupervisionAction.ReturnRequest:
                command = new ReturnRequest(CommandId, orderNumber, actor, text);
                break;
            case SupervisionAction.PostProgressUpdate:
                command = new PostProgressUpdate(CommandId, orderNumber, actor, text);
                break;
            case SupervisionAction.Deliver:
                Instant? enabling = null;
                if (!string.IsNullOrWhiteSpace(EnablingInstant))
                {
                    var parsed = InstantPattern.ExtendedIso.Parse(EnablingInstant.Trim());
                    if (!parsed.Success)
                    {
                        return (null, new SupervisionError
                        {
                            Code = SupervisionErrorCode.Validation,
                            Message = string.Create(CultureInfo.InvariantCulture,
                                $"The enabling instant \"{EnablingInstant}\" is not an instant: write it as 2026-03-02T09:00:00Z, or leave it empty."),
                        });
                    }

                    enabling = parsed.Value;
                }

                var further = Proof(ProofName3, ProofUri3, "Further proof") is { } proof ? new[] { proof } : null;
                command = new Deliver(CommandId, orderNumber, actor,
                    new ProofReference(ProofName1 ?? string.Empty, ProofUri1 ?? string.Empty),
                    new ProofReference(ProofName2 ?? string.Empty, ProofUri2 ?? string.Empty),
                    further, Fields(), enabling, note);
                break;
            case SupervisionAction.AcceptDelivery:
                command = new AcceptDelivery(CommandId, orderNumber, actor, note);
                break;
            case SupervisionAction.RejectDelivery:
                command = new RejectDelivery(CommandId, orderNumber, actor, text);
                break;
            case SupervisionAction.SendReminder:
                command = new SendReminder(CommandId, orderNumber, actor, note);
                break;
            case SupervisionAction.OpenAppeal:
                var proofs = Proof(ProofName1, ProofUri1, "Proof") is { } appealProof ? new[] { appealProof } : null;
                command = new OpenAppeal(CommandId, orderNumber, actor, text, proofs);
                break;
            case SupervisionAction.DecideAppeal:
                command = new DecideAppeal(CommandId, orderNumber, actor, text, Outcome,
                    Outcome == AppealOutcome.ReturnTo ? ReturnTo : null, ResetRejectionCounts);
                break;
            default:
                return (null, new SupervisionError
                {
                    Code = SupervisionErrorCode.Validation,
                    Message = $"{Action} is not an action a person takes on this page.",
                });
        }

        return (command, null);
    }

    private Dictionary<string, string>? Fields()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < FieldNames.Count && i < FieldValues.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(FieldValues[i]))
            {
                fields[FieldNames[i]] = FieldValues[i]!;
            }
        }

        foreach (var line in (OtherFields ?? string.Empty).Split('\n'))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at > 0)
            {
                fields[line[..at].Trim()] = line[(at + 1)..].Trim();
            }
        }

        return fields.Count == 0 ? null : fields;
    }

    private static ProofReference? Proof(string? name, string? uri, string defaultName) =>
        string.IsNullOrWhiteSpace(uri) ? null : new ProofReference(string.IsNullOrWhiteSpace(name) ? defaultName : name, uri.Trim());
}
