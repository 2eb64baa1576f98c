using System.Globalization;
using System.Text;
using KooGallery.Supervision.Testing;

namespace KooGallery.Supervision.FluentAssertions;

/// <summary>
/// Describes where an assertion failed in the words of the workflow: the order, its stage and whom it waits on,
/// as far as the subject tells them.
/// </summary>
internal static class FlowContext
{
    /// <summary>Describes a flow: "order ORD-1 in stage Delivered, waiting on the Buyer".</summary>
    public static string Of(ServiceFlow flow) => Of(flow.OrderNumber, flow.Stage, flow.WaitingOn, flow.IsFrozen);

    /// <summary>Describes a view: "order ORD-1 in stage Delivered, waiting on the Buyer".</summary>
    public static string Of(FlowView view) => Of(view.OrderNumber, view.Stage, view.WaitingOn, view.IsFrozen);

    /// <summary>Describes what is known of a flow; a part not known is said to be so.</summary>
    public static string Of(string? orderNumber, Stage? stage, Party? waitingOn, bool frozen = false)
    {
        var text = new StringBuilder();
        text.Append(orderNumber is null ? "an order it does not name" : "order " + orderNumber);
        text.Append(stage is { } known ? $" in stage {known}" : " in a stage it does not name");
        if (frozen)
        {
            text.Append(" (frozen by an open appeal)");
        }

        text.Append(waitingOn switch
        {
            null => ", waiting on a party it does not name",
            Party.Nobody => ", waiting on nobody",
            Party.OperationsManagers => ", waiting on the operations managers",
            { } party => ", waiting on the " + party,
        });
        return text.ToString();
    }

    /// <summary>Describes the flow a result concerns, from the flow read after it, or from its value, or from its refusal.</summary>
    public static string Of<T>(SupervisionResult<T> result, ServiceFlow? flowAfter)
    {
        if (flowAfter is not null)
        {
            return Of(flowAfter);
        }

        if (result.IsSuccess)
        {
            return result.Value switch
            {
                ServiceFlow flow => Of(flow),
                FlowView view => Of(view),
                CommandOutcome outcome => Of(outcome.OrderNumber, outcome.StageAfter, waitingOn: null),
                _ => Of(orderNumber: null, stage: null, waitingOn: null),
            };
        }

        return Of(orderNumber: null, result.Error.Stage, waitingOn: null);
    }

    /// <summary>Describes a refusal as the end of a sentence: its code, its finer reason and the library's message.</summary>
    public static string Refusal(SupervisionError error)
    {
        var text = error.Reason is null
            ? string.Create(CultureInfo.InvariantCulture, $"{error.Code}: {error.Message}")
            : string.Create(CultureInfo.InvariantCulture, $"{error.Code} ({error.Reason}): {error.Message}");
        return text.EndsWith('.') || text.EndsWith('!') || text.EndsWith('?') ? text : text + ".";
    }

    /// <summary>Describes the attempt's command: "AcceptDelivery cmd-7 by Buyer buyer-1".</summary>
    public static string Of(CommandAttempt attempt) =>
        $"{attempt.Command.Action} {attempt.Command.CommandId} by {attempt.Command.Actor}";
}
