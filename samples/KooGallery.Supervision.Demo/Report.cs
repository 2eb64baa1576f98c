using System;
using System.Linq;
using System.Threading.Tasks;
using KooGallery.Supervision;

namespace KooGallery.Supervision.Demo;

/// <summary>Prints a flow's operation records and its view for one actor.</summary>
internal static class Report
{
    public static async Task PrintAsync(ServiceSupervisor supervisor, string orderNumber, Actor viewer)
    {
        var view = (await supervisor.GetViewAsync(orderNumber, viewer)).GetValueOrThrow();
        Console.WriteLine($"  Records of {orderNumber}:");
        foreach (var record in view.Records)
        {
            var text = record.Text is null ? string.Empty : "  \"" + Shorten(record.Text) + "\"";
            Console.WriteLine($"    #{record.Sequence,-2} {record.At:uuuu-MM-dd HH:mm}  {record.ActorRole,-17} {record.Action,-19} {record.StageBefore} -> {record.StageAfter}{text}");
        }

        Console.WriteLine($"  View for {viewer}:");
        Console.WriteLine($"    stage {view.Stage}, order status {view.Status}, version {view.Version}");
        Console.WriteLine($"    rejections: request {view.RequestRejections}, delivery {view.DeliveryRejections}");
        Console.WriteLine($"    waiting on {view.WaitingOn} for {Idle(view.IdleFor)}, stalled: {view.IsStalled}, frozen: {view.IsFrozen}");
        Console.WriteLine($"    service start: {view.ServiceStart?.ToString() ?? "-"}, completion due: {view.CompletionDueAt?.ToString() ?? "-"}");
        Console.WriteLine($"    permitted now: {(view.PermittedActions.Count == 0 ? "nothing" : string.Join(", ", view.PermittedActions))}");
        if (view.AppealConditions.Count > 0)
        {
            Console.WriteLine($"    appeal conditions: {string.Join("; ", view.AppealConditions.Select(c => c.Description))}");
        }
    }

    /// <summary>Lists the flows already in the store, as an operations manager sees them, and returns how many there are.</summary>
    public static async Task<int> ListAsync(ServiceSupervisor supervisor, Actor manager)
    {
        var count = 0;
        FlowCursor? after = null;
        do
        {
            var page = (await supervisor.SearchAsync(new FlowQuery { PageSize = 100, After = after }, manager)).GetValueOrThrow();
            foreach (var flow in page.Items)
            {
                if (count == 0)
                {
                    Console.WriteLine("Flows kept from earlier runs:");
                }

                Console.WriteLine($"  {flow.OrderNumber,-9} placed {flow.PlacedAt:uuuu-MM-dd HH:mm}  {flow.Stage,-16} {flow.Status,-10} waiting on {flow.WaitingOn}");
                count++;
            }

            after = page.Next;
        }
        while (after is not null);

        if (count == 0)
        {
            Console.WriteLine("No flows from earlier runs.");
        }

        return count;
    }

    private static string Idle(NodaTime.Duration idle) =>
        idle.Days > 0 ? $"{idle.Days} d {idle.Hours} h" : $"{idle.Hours} h {idle.Minutes} min";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
