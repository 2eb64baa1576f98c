using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace KooGallery.Supervision.Cli;

/// <summary>
/// The one place where the tool writes and reads JSON (`--json` output, JSON-lines import, search cursors):
/// camelCase names, enums as strings, NodaTime values in their ISO forms (instants `2026-03-02T09:00:00Z`,
/// durations `1:02:00:00`): the library's JSON contract (<see cref="SupervisionJson"/>) for its own types (views,
/// summaries, records, errors), and the tool's own shapes around them.
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

    /// <summary>The view of one flow for one actor, in the library's JSON contract.</summary>
    public static object View(FlowView view) => view;

    /// <summary>A page of the search: its summaries in the library's JSON contract, and the next page's cursor as text.</summary>
    public static object Page(FlowPage page) => new
    {
        items = page.Items,
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

    /// <summary>A refusal: the library's error, in its JSON contract, under <c>refused</c>.</summary>
    public static object Error(SupervisionError error) => new { refused = error };

    private static JsonSerializerOptions Create(bool indented)
    {
        // The library's contract for its own types (source-generated), the reflection resolver after it for the
        // tool's own shapes; NodaTime's other types (not used by the library's types) as NodaTime writes them.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        }.ConfigureForSupervision();
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        return options;
    }
}
