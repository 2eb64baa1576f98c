using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace KooGallery.Supervision;

/// <summary>
/// Lossless JSON forms of the stored types, for store implementations: a flow, an operation record,
/// an event and a command outcome each round-trip exactly, instants and durations to the nanosecond.
/// The format is versioned by the store's schema; the library only adds optional members to it.
/// </summary>
/// <remarks>Thread-safe: the methods keep no state.</remarks>
public static class SupervisionJson
{
    private static readonly InstantPattern InstantFormat = InstantPattern.ExtendedIso;
    private static readonly DurationPattern DurationFormat = DurationPattern.Roundtrip;

    /// <summary>Writes a flow as JSON.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeFlow(ServiceFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("orderNumber", flow.OrderNumber);
            writer.WriteString("buyerId", flow.BuyerId);
            writer.WriteString("sellerId", flow.SellerId);
            writer.WriteString("productId", flow.ProductId);
            writer.WriteString("productKind", flow.ProductKind.ToString());
            writer.WriteString("amountPaid", flow.AmountPaid.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("currency", flow.Currency);
            WriteInstant(writer, "placedAt", flow.PlacedAt);
            WriteTemplate(writer, "requestTemplate", flow.RequestTemplate);
            WriteTemplate(writer, "deliveryTemplate", flow.DeliveryTemplate);
            writer.WriteString("policyVersion", flow.PolicyVersion);
            writer.WriteNumber("version", flow.Version);
            writer.WriteString("stage", flow.Stage.ToString());
            writer.WriteNumber("requestRejections", flow.RequestRejections);
            writer.WriteNumber("deliveryRejections", flow.DeliveryRejections);
            WriteInstant(writer, "idleSince", flow.IdleSince);
            WriteInstant(writer, "stallDueAt", flow.StallDueAt);
            writer.WriteBoolean("stallRaised", flow.StallRaised);
            WriteInstant(writer, "lastReminderAt", flow.LastReminderAt);
            WriteInstant(writer, "deliveredAt", flow.DeliveredAt);
            WriteInstant(writer, "enablingInstant", flow.EnablingInstant);
            WriteInstant(writer, "acceptedAt", flow.AcceptedAt);
            WriteInstant(writer, "serviceStart", flow.ServiceStart);
            WriteInstant(writer, "completionDueAt", flow.CompletionDueAt);
            if (flow.CompletionRemaining is { } remaining)
            {
                writer.WriteString("completionRemaining", DurationFormat.Format(remaining));
            }

            WriteInstant(writer, "longOpenDueAt", flow.LongOpenDueAt);
            writer.WriteBoolean("longOpenRaised", flow.LongOpenRaised);
            if (flow.Appeal is { } appeal)
            {
                writer.WritePropertyName("appeal");
                writer.WriteStartObject();
                writer.WriteString("openedById", appeal.OpenedBy.Id);
                writer.WriteString("openedByRole", appeal.OpenedBy.Role.ToString());
                WriteInstant(writer, "openedAt", appeal.OpenedAt);
                writer.WriteString("reason", appeal.Reason);
                WriteReferences(writer, "proofs", appeal.Proofs);
                writer.WriteString("frozenStage", appeal.FrozenStage.ToString());
                WriteInstant(writer, "decisionDueAt", appeal.DecisionDueAt);
                writer.WriteBoolean("overdueRaised", appeal.OverdueRaised);
                writer.WriteEndObject();
            }

            WriteInstant(writer, "completedAt", flow.CompletedAt);
            WriteInstant(writer, "closedAt", flow.ClosedAt);
            writer.WriteNumber("lastSequence", flow.LastSequence);
            WriteInstant(writer, "createdAt", flow.CreatedAt);
            writer.WriteEndObject();
        });
    }

    /// <summary>Reads a flow written by <see cref="SerializeFlow"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The flow.</returns>
    /// <exception cref="FormatException">The text is not a stored flow.</exception>
    public static ServiceFlow DeserializeFlow(string json) => Read(json, "flow", root =>
    {
        var flow = new ServiceFlow
        {
            OrderNumber = String(root, "orderNumber"),
            BuyerId = String(root, "buyerId"),
            SellerId = String(root, "sellerId"),
            ProductId = String(root, "productId"),
            ProductKind = Enum<ProductKind>(root, "productKind"),
            AmountPaid = decimal.Parse(String(root, "amountPaid"), NumberStyles.Number, CultureInfo.InvariantCulture),
            Currency = String(root, "currency"),
            PlacedAt = Instant(root, "placedAt"),
            RequestTemplate = Template(root, "requestTemplate"),
            DeliveryTemplate = Template(root, "deliveryTemplate"),
            PolicyVersion = String(root, "policyVersion"),
            Version = root.GetProperty("version").GetInt64(),
            Stage = Enum<Stage>(root, "stage"),
            RequestRejections = root.GetProperty("requestRejections").GetInt32(),
            DeliveryRejections = root.GetProperty("deliveryRejections").GetInt32(),
            IdleSince = OptionalInstant(root, "idleSince"),
            StallDueAt = OptionalInstant(root, "stallDueAt"),
            StallRaised = root.GetProperty("stallRaised").GetBoolean(),
            LastReminderAt = OptionalInstant(root, "lastReminderAt"),
            DeliveredAt = OptionalInstant(root, "deliveredAt"),
            EnablingInstant = OptionalInstant(root, "enablingInstant"),
            AcceptedAt = OptionalInstant(root, "acceptedAt"),
            ServiceStart = OptionalInstant(root, "serviceStart"),
            CompletionDueAt = OptionalInstant(root, "completionDueAt"),
            CompletionRemaining = root.TryGetProperty("completionRemaining", out var remaining) ? DurationFormat.Parse(remaining.GetString()!).Value : null,
            LongOpenDueAt = Instant(root, "longOpenDueAt"),
            LongOpenRaised = root.GetProperty("longOpenRaised").GetBoolean(),
            CompletedAt = OptionalInstant(root, "completedAt"),
            ClosedAt = OptionalInstant(root, "closedAt"),
            LastSequence = root.GetProperty("lastSequence").GetInt64(),
            CreatedAt = Instant(root, "createdAt"),
        };
        if (root.TryGetProperty("appeal", out var appeal))
        {
            flow.Appeal = new Appeal
            {
                OpenedBy = new Actor(String(appeal, "openedById"), Enum<ActorRole>(appeal, "openedByRole")),
                OpenedAt = Instant(appeal, "openedAt"),
                Reason = String(appeal, "reason"),
                Proofs = References(appeal, "proofs"),
                FrozenStage = Enum<Stage>(appeal, "frozenStage"),
                DecisionDueAt = Instant(appeal, "decisionDueAt"),
                OverdueRaised = appeal.GetProperty("overdueRaised").GetBoolean(),
            };
        }

        return flow;
    });

    /// <summary>Writes an operation record as JSON.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeRecord(OperationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("orderNumber", record.OrderNumber);
            writer.WriteNumber("sequence", record.Sequence);
            WriteInstant(writer, "at", record.At);
            writer.WriteString("actorId", record.ActorId);
            writer.WriteString("actorRole", record.ActorRole.ToString());
            writer.WriteString("action", record.Action.ToString());
            writer.WriteString("stageBefore", record.StageBefore.ToString());
            writer.WriteString("stageAfter", record.StageAfter.ToString());
            if (record.Text is not null)
            {
                writer.WriteString("text", record.Text);
            }

            WriteReferences(writer, "references", record.References);
            if (record.Fields.Count > 0)
            {
                writer.WritePropertyName("fields");
                writer.WriteStartObject();
                foreach (var pair in record.Fields)
                {
                    writer.WriteString(pair.Key, pair.Value);
                }

                writer.WriteEndObject();
            }

            if (record.CommandId is not null)
            {
                writer.WriteString("commandId", record.CommandId);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Reads an operation record written by <see cref="SerializeRecord"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The text is not a stored record.</exception>
    public static OperationRecord DeserializeRecord(string json) => Read(json, "operation record", root =>
    {
        IReadOnlyDictionary<string, string> fields = OperationRecord.EmptyFields;
        if (root.TryGetProperty("fields", out var fieldsElement))
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in fieldsElement.EnumerateObject())
            {
                values[property.Name] = property.Value.GetString()!;
            }

            fields = Internal.ReadOnly.Wrap(values);
        }

        return new OperationRecord
        {
            OrderNumber = String(root, "orderNumber"),
            Sequence = root.GetProperty("sequence").GetInt64(),
            At = Instant(root, "at"),
            ActorId = String(root, "actorId"),
            ActorRole = Enum<ActorRole>(root, "actorRole"),
            Action = Enum<SupervisionAction>(root, "action"),
            StageBefore = Enum<Stage>(root, "stageBefore"),
            StageAfter = Enum<Stage>(root, "stageAfter"),
            Text = root.TryGetProperty("text", out var text) ? text.GetString() : null,
            References = References(root, "references"),
            Fields = fields,
            CommandId = root.TryGetProperty("commandId", out var commandId) ? commandId.GetString() : null,
        };
    });

    /// <summary>Writes an event as JSON.</summary>
    /// <param name="supervisionEvent">The event.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeEvent(SupervisionEvent supervisionEvent)
    {
        ArgumentNullException.ThrowIfNull(supervisionEvent);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", supervisionEvent.Id);
            writer.WriteString("kind", supervisionEvent.Kind.ToString());
            writer.WriteString("orderNumber", supervisionEvent.OrderNumber);
            WriteInstant(writer, "occurredAt", supervisionEvent.OccurredAt);
            writer.WriteNumber("flowVersion", supervisionEvent.FlowVersion);
            writer.WriteString("buyerId", supervisionEvent.BuyerId);
            writer.WriteString("sellerId", supervisionEvent.SellerId);
            writer.WriteString("stage", supervisionEvent.Stage.ToString());
            writer.WriteString("concerns", supervisionEvent.Concerns.ToString());
            if (supervisionEvent.Text is not null)
            {
                writer.WriteString("text", supervisionEvent.Text);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Reads an event written by <see cref="SerializeEvent"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The event.</returns>
    /// <exception cref="FormatException">The text is not a stored event.</exception>
    public static SupervisionEvent DeserializeEvent(string json) => Read(json, "event", root => new SupervisionEvent
    {
        Id = root.GetProperty("id").GetGuid(),
        Kind = Enum<SupervisionEventKind>(root, "kind"),
        OrderNumber = String(root, "orderNumber"),
        OccurredAt = Instant(root, "occurredAt"),
        FlowVersion = root.GetProperty("flowVersion").GetInt64(),
        BuyerId = String(root, "buyerId"),
        SellerId = String(root, "sellerId"),
        Stage = Enum<Stage>(root, "stage"),
        Concerns = Enum<Party>(root, "concerns"),
        Text = root.TryGetProperty("text", out var text) ? text.GetString() : null,
    });

    /// <summary>Writes a command outcome as JSON.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeOutcome(CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("commandId", outcome.CommandId);
            writer.WriteString("orderNumber", outcome.OrderNumber);
            writer.WriteString("action", outcome.Action.ToString());
            writer.WriteString("stageBefore", outcome.StageBefore.ToString());
            writer.WriteString("stageAfter", outcome.StageAfter.ToString());
            writer.WriteNumber("flowVersion", outcome.FlowVersion);
            writer.WriteNumber("recordSequence", outcome.RecordSequence);
            WriteInstant(writer, "at", outcome.At);
            writer.WriteString("fingerprint", outcome.Fingerprint);
            writer.WriteEndObject();
        });
    }

    /// <summary>Reads a command outcome written by <see cref="SerializeOutcome"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="FormatException">The text is not a stored outcome.</exception>
    public static CommandOutcome DeserializeOutcome(string json) => Read(json, "command outcome", root => new CommandOutcome
    {
        CommandId = String(root, "commandId"),
        OrderNumber = String(root, "orderNumber"),
        Action = Enum<SupervisionAction>(root, "action"),
        StageBefore = Enum<Stage>(root, "stageBefore"),
        StageAfter = Enum<Stage>(root, "stageAfter"),
        FlowVersion = root.GetProperty("flowVersion").GetInt64(),
        RecordSequence = root.GetProperty("recordSequence").GetInt64(),
        At = Instant(root, "at"),
        Fingerprint = String(root, "fingerprint"),
    });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static T Read<T>(string json, string what, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or UnparsableValueException or ArgumentException or OverflowException)
        {
            throw new FormatException($"The stored {what} is not valid: {exception.Message}", exception);
        }
    }

    private static void WriteInstant(Utf8JsonWriter writer, string name, Instant value) => writer.WriteString(name, InstantFormat.Format(value));

    private static void WriteInstant(Utf8JsonWriter writer, string name, Instant? value)
    {
        if (value is { } instant)
        {
            writer.WriteString(name, InstantFormat.Format(instant));
        }
    }

    private static void WriteTemplate(Utf8JsonWriter writer, string name, IReadOnlyList<TemplateField> template)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var field in template)
        {
            writer.WriteStartObject();
            writer.WriteString("name", field.Name);
            writer.WriteBoolean("required", field.Required);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteReferences(Utf8JsonWriter writer, string name, IReadOnlyList<ProofReference> references)
    {
        if (references.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var reference in references)
        {
            writer.WriteStartObject();
            writer.WriteString("name", reference.Name);
            writer.WriteString("uri", reference.Uri);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string String(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");

    private static TEnum Enum<TEnum>(JsonElement element, string name)
        where TEnum : struct, Enum =>
        System.Enum.TryParse<TEnum>(String(element, name), out var value) && System.Enum.IsDefined(value)
            ? value
            : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}.");

    private static Instant Instant(JsonElement element, string name) => InstantFormat.Parse(String(element, name)).Value;

    private static Instant? OptionalInstant(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? InstantFormat.Parse(value.GetString()!).Value : null;

    private static IReadOnlyList<TemplateField> Template(JsonElement element, string name)
    {
        var array = element.GetProperty(name);
        var fields = new TemplateField[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            fields[i++] = new TemplateField(String(item, "name"), item.GetProperty("required").GetBoolean());
        }

        return Internal.ReadOnly.Copy(fields);
    }

    private static IReadOnlyList<ProofReference> References(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array))
        {
            return [];
        }

        var references = new ProofReference[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            references[i++] = new ProofReference(String(item, "name"), String(item, "uri"));
        }

        return Internal.ReadOnly.Copy(references);
    }
}
