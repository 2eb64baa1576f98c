using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>act ORDER ACTION --as ROLE:ID</c>: one buyer, seller or operations-manager action on a flow.</summary>
internal static class ActCommand
{
    private static readonly string[] Actions =
    [
        "submit-request", "return-request", "accept-request", "post-progress-update", "deliver",
        "accept-delivery", "reject-delivery", "send-reminder", "open-appeal", "decide-appeal",
    ];

    public static Command Build()
    {
        var order = new Argument<string>("ORDER") { Description = "The order number." };
        var action = new Argument<string>("ACTION") { HelpName = "ACTION", Description = "The action: " + string.Join(", ", Actions) + "." };
        action.AcceptOnlyFromAmong(Actions);
        var actor = new Option<string>("--as") { Description = "Who acts: buyer:ID, seller:ID or operations-manager:ID.", Required = true, HelpName = "ROLE:ID" };
        var text = new Option<string?>("--text") { Description = "The request text, the reason, the update, the message, the note or the decision." };
        var fields = new Option<string[]>("--field") { Description = "A request field or a delivery criterion (repeat the option).", HelpName = "NAME=VALUE" };
        var proofs = new Option<string[]>("--proof") { Description = "A proof (repeat the option). deliver: the statement of work first, the acceptance document second, further proofs after; open-appeal: the appeal's proofs.", HelpName = "NAME=URL" };
        var outcome = new Option<string?>("--outcome") { Description = "decide-appeal: resume, return-to, complete or close." };
        var returnTo = new Option<string?>("--return-to") { Description = "decide-appeal with --outcome return-to: the earlier stage.", HelpName = "STAGE" };
        var reset = new Option<bool>("--reset-rejection-counts") { Description = "decide-appeal: set both rejection counts back to zero." };
        var id = new Option<string?>("--id") { Description = "The command id (generated when omitted); repeating a command with its id counts once." };
        var command = new Command("act", "Act on a flow as the buyer, the seller or an operations manager.") { order, action, actor, text, fields, proofs, outcome, returnTo, reset, id };
        return command.Does(async (parse, context) =>
        {
            // An option the action does not take is bad usage: it would be dropped without a word otherwise.
            var name = parse.GetValue(action)!;
            foreach (var (option, takenBy) in new (Option Option, string[] TakenBy)[]
            {
                (fields, ["submit-request", "deliver"]),
                (proofs, ["deliver", "open-appeal"]),
                (outcome, ["decide-appeal"]),
                (returnTo, ["decide-appeal"]),
                (reset, ["decide-appeal"]),
            })
            {
                if (parse.GetResult(option) is { Implicit: false } && !takenBy.Contains(name))
                {
                    throw CliException.Usage($"{name} does not take {option.Name}; it is for {string.Join(" and ", takenBy)}.");
                }
            }

            var who = Words.Actor(parse.GetValue(actor)!);
            var number = parse.GetValue(order)!;
            var commandId = parse.GetValue(id) ?? Guid.NewGuid().ToString("N");
            var given = parse.GetValue(text);
            var pairs = Words.Pairs(parse.GetValue(fields) ?? [], "--field");
            var references = Words.PairList(parse.GetValue(proofs) ?? [], "--proof").Select(p => new ProofReference(p.Name, p.Value)).ToList();
            string Text(string what) => given ?? throw CliException.Usage($"{parse.GetValue(action)} needs --text ({what}).");
            IReadOnlyDictionary<string, string>? Fields() => pairs.Count == 0 ? null : pairs;

            SupervisionCommand supervisionCommand = parse.GetValue(action) switch
            {
                "submit-request" => new SubmitRequest(commandId, number, who, Text("the request"), Fields()),
                "return-request" => new ReturnRequest(commandId, number, who, Text("the reason")),
                "accept-request" => new AcceptRequest(commandId, number, who, given),
                "post-progress-update" => new PostProgressUpdate(commandId, number, who, Text("the update")),
                "deliver" => references.Count < 2
                    ? throw CliException.Usage("deliver needs two --proof options: the statement of work, then the acceptance document (NAME=URL).")
                    : new Deliver(commandId, number, who, references[0], references[1], references.Skip(2).ToList(), Fields(), Note: given),
                "accept-delivery" => new AcceptDelivery(commandId, number, who, given),
                "reject-delivery" => new RejectDelivery(commandId, number, who, Text("the reason")),
                "send-reminder" => new SendReminder(commandId, number, who, given),
                "open-appeal" => new OpenAppeal(commandId, number, who, Text("the reason"), references),
                "decide-appeal" => new DecideAppeal(
                    commandId, number, who, Text("the decision"),
                    Words.Enum<AppealOutcome>(parse.GetValue(outcome) ?? throw CliException.Usage("decide-appeal needs --outcome (resume, return-to, complete, close)."), "--outcome"),
                    parse.GetValue(returnTo) is { } stage ? Words.Enum<Stage>(stage, "--return-to") : null,
                    parse.GetValue(reset)),
                var other => throw CliException.Usage($"'{other}' is not an action."),
            };

            await using var store = await context.OpenAsync();
            var result = await store.Supervisor.ExecuteAsync(supervisionCommand, context.CancellationToken);
            if (!result.IsSuccess)
            {
                return context.Refused(result.Error!);
            }

            var done = result.Value;
            if (context.Json)
            {
                context.WriteJson(CliJson.Outcome(done, store.Events.Take()));
                return ExitCodes.Done;
            }

            var replay = done.IsReplay ? " [grey](a repeat of an earlier command: counted once)[/]" : string.Empty;
            context.Console.MarkupLine($"{Words.Time(done.At)}  {Words.Escape(Words.Actor(who))} [bold]{Words.Kebab(done.Action)}[/] on {Words.Escape(number)}: {done.StageBefore} -> [green]{done.StageAfter}[/]{replay}");
            context.Console.MarkupLine($"  [grey]command id {Words.Escape(done.CommandId)}, record #{done.RecordSequence}[/]");
            context.PrintEvents(store);
            return ExitCodes.Done;
        });
    }
}
