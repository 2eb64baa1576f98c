using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace KooGallery.Supervision.Cli;

/// <summary>
/// The one place where the tool writes and reads JSON (`--json` output, JSON-lines import, search cursors):
/// camelCase names, enums as strings, NodaTime values in their ISO forms (instants `2026-03-02T09:00:00Z`,
/// durations `1:02:00:00`). The shapes below are the tool's own; when the library gets a public JSON contract, this
/// class is the one to switch to it.
/// </summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: true);

    private static readonly JsonSerializerOptions Compact = Create(indented: false);

    public static string Write(object value, bool indented = true) =>
        JsonSerializer.Serialize(value, value.GetType(), indented ? Options : Compact);

    public static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    public static string WriteCursor(FlowCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Write(cursor, indented: false))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static FlowCursor ReadCursor(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            return Read<FlowCursor>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))
                ?? throw CliException.Usage($"--after: '{text}' is not a cursor printed by search.");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw CliException.Usage($"--after: '{text}' is not a cursor printed by search.");
        }
    }

    /// <summary>The view of one flow for one actor, from the view's own properties.</summary>
    public static object View(FlowView view) => new
    {
        view.OrderNumber,
        viewer = view.Viewer.ToString(),
        view.AsOf,
        view.Stage,
        view.Status,
        view.RequestRejections,
        view.DeliveryRejections,
        view.WaitingOn,
        view.IdleFor,
        view.IsStalled,
        view.IsFrozen,
        view.ServiceStart,
        view.CompletionDueAt,
        view.NextReminderAllowedAt,
        appeal = view.Appeal is null ? null : new
        {
            view.Appeal.OpenedAt,
            openedBy = view.Appeal.OpenedBy.ToString(),
            view.Appeal.Reason,
            view.Appeal.FrozenStage,
            view.Appeal.DecisionDueAt,
            view.Appeal.OverdueAt,
            view.Appeal.OverdueRaised,
            proofs = view.Appeal.Proofs.Select(Proof).ToList(),
        },
        appealConditions = view.AppealConditions.Select(Condition).ToList(),
        view.PermittedActions,
        records = view.Records.Select(Record).ToList(),
    };

    public static object Record(OperationRecord record) => new
    {
        record.Sequence,
        record.At,
        record.ActorRole,
        record.ActorId,
        record.Action,
        record.StageBefore,
        record.StageAfter,
        record.Text,
        record.Fields,
        references = record.References.Select(Proof).ToList(),
        record.CommandId,
    };

    public static object Proof(ProofReference proof) => new { proof.Name, proof.Uri };

    public static object Condition(ConditionProgress condition) => new
    {
        condition.Condition,
        condition.Description,
        condition.Holds,
        condition.HoldsFrom,
        condition.Count,
        condition.RequiredCount,
        condition.Elapsed,
        condition.Required,
    };

    public static object Summary(FlowSummary flow) => new
    {
        flow.OrderNumber,
        flow.BuyerId,
        flow.SellerId,
        flow.ProductId,
        flow.PlacedAt,
        flow.Stage,
        flow.Status,
        flow.WaitingOn,
        flow.IsStalled,
        flow.UnderAppeal,
        flow.DecisionDueAt,
        flow.Version,
    };

    public static object Page(FlowPage page) => new
    {
        items = page.Items.Select(Summary).ToList(),
        next = page.Next is null ? null : WriteCursor(page.Next),
    };

    public static object Outcome(CommandOutcome outcome, IReadOnlyList<SupervisionEvent> events) => new
    {
        outcome.OrderNumber,
        outcome.CommandId,
        outcome.Action,
        outcome.StageBefore,
        outcome.StageAfter,
        outcome.At,
        outcome.FlowVersion,
        outcome.RecordSequence,
        outcome.IsReplay,
        events = events.Select(Event).ToList(),
    };

    public static object Event(SupervisionEvent e) => new { e.Id, e.OrderNumber, e.Kind, e.OccurredAt, e.Stage, e.Concerns, e.Text };

    public static object Error(SupervisionError error) => new
    {
        refused = new
        {
            error.Code,
            error.Reason,
            error.Message,
            error.Stage,
            error.RetryAt,
            error.PermittedActions,
            fields = error.Fields.Select(f => new { f.Field, f.Message }).ToList(),
            conditions = error.Conditions.Select(Condition).ToList(),
        },
    };

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        return options;
    }
}
