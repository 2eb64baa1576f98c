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
        Console.WriteLine();
        Console.WriteLine($"  The records of {orderNumber}:");
        foreach (var record in view.Records)
        {
            var text = record.Text is null ? string.Empty : "  \"" + Story.Shorten(record.Text) + "\"";
            var stage = record.StageBefore == record.StageAfter ? $"{record.StageAfter}" : $"{record.StageBefore} -> {record.StageAfter}";
            Console.WriteLine($"    #{record.Sequence,-2} {Story.Time(record.At)}  {record.ActorRole,-17} {record.Action,-19} {stage}{text}");
        }

        Console.WriteLine($"  What {Story.Who(viewer)} sees now ({Story.Time(view.AsOf)}):");
        Console.WriteLine($"    stage {view.Stage}, order {view.Status}; rejections: request {view.RequestRejections}, delivery {view.DeliveryRejections}");
        Console.WriteLine(view.WaitingOn == Party.Nobody
            ? "    waiting on no one"
            : $"    waiting on {Story.Party(view.WaitingOn)} for {Story.Duration(view.IdleFor)}{(view.IsStalled ? " (stalled)" : string.Empty)}");
        if (view.IsFrozen && view.Appeal is { } appeal)
        {
            Console.WriteLine($"    under appeal since {Story.Time(appeal.OpenedAt)}: {appeal.FrozenStage} is frozen until an operations manager decides");
        }

        if (view.ServiceStart is { } start)
        {
            Console.WriteLine($"    service started {Story.Time(start)}");
        }

        if (view.CompletionDueAt is { } due)
        {
            Console.WriteLine($"    completes on schedule at {Story.Time(due)}");
        }

        Console.WriteLine($"    {Story.Who(viewer)} may now: {Story.List(view.PermittedActions)}");
        if (view.AppealConditions.Count > 0)
        {
            Console.WriteLine($"    may appeal when: {string.Join("; ", view.AppealConditions.Select(c => c.Description + (c.Holds ? " (met)" : string.Empty)))}");
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

                Console.WriteLine($"  {flow.OrderNumber,-9} placed {Story.Time(flow.PlacedAt)}  {flow.Stage,-16} {flow.Status,-10} waiting on {Story.Party(flow.WaitingOn)}");
                count++;
            }

            after = page.Next;
        }
        while (after is not null);

        return count;
    }
}
