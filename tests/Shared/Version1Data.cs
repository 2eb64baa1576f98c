using System.Data.Common;
using KooGallery.Supervision.Relational;
using NodaTime.Testing;
using NodaTime.Text;

namespace KooGallery.Supervision.Relational.Tests;

/// <summary>
/// Data as a version 1 relational store kept it (two flows, records, a command outcome keyed by its id
/// alone, a pending event), written row by row into a database built by the version 1 scripts, and the
/// checks that a store upgraded to version 2 kept every row and behaves by the new contract on them.
/// Linked into the SQLite and PostgreSQL store tests; plain ADO.NET, so it serves both.
/// </summary>
internal sealed class Version1Data
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);
    private static readonly Actor Buyer = Actor.Buyer("buyer");

    private readonly InMemoryServiceFlowStore _source;
    private readonly CommandOutcome _outcome;
    private readonly IReadOnlyList<SupervisionEvent> _events;

    private Version1Data(InMemoryServiceFlowStore source, CommandOutcome outcome, IReadOnlyList<SupervisionEvent> events)
    {
        _source = source;
        _outcome = outcome;
        _events = events;
    }

    public static async Task<Version1Data> CreateAsync()
    {
        var source = new InMemoryServiceFlowStore();
        var writer = new ServiceSupervisor(source, new FakeClock(Start), handlers: [new FailingHandler()]);
        await writer.CreateFlowAsync(Order("M-1"));
        await writer.CreateFlowAsync(Order("M-2"));
        var outcome = (await writer.ExecuteAsync(new SubmitRequest("cmd-1", "M-1", Buyer, "Please start."))).Value;
        var events = await source.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None);
        events.Should().ContainSingle().Which.Kind.Should().Be(SupervisionEventKind.RequestSubmitted);

        // M-3 is frozen by an appeal: version 1 kept no decision deadline column, so the upgrade must fill it in.
        await writer.CreateFlowAsync(Order("M-3"));
        (await writer.ExecuteAsync(new OpenAppeal("appeal-3", "M-3", Actor.Seller("seller"), "The buyer does not answer."))).IsSuccess.Should().BeTrue();
        return new Version1Data(source, outcome, events);
    }

    /// <summary>Writes the rows the version 1 way, after the version 1 scripts ran in <paramref name="transaction"/>.</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">The transaction the version 1 scripts ran in.</param>
    /// <param name="tables">Prefixes the table names: empty, or a quoted schema and a dot.</param>
    /// <param name="eventId">Gives the stored form of an event id (text for SQLite, a UUID for PostgreSQL).</param>
    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, string tables, Func<Guid, object> eventId)
    {
        async Task RunAsync(string sql, params (string Name, object? Value)[] parameters)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            await command.ExecuteNonQueryAsync();
        }

        await RunAsync($"INSERT INTO {tables}supervision_schema (id, version, library) VALUES (1, 1, '0.1.0')");
        foreach (var orderNumber in new[] { "M-1", "M-2", "M-3" })
        {
            var c = RelationalFlowColumns.Of((await _source.LoadAsync(orderNumber, CancellationToken.None))!);
            await RunAsync(
                $"INSERT INTO {tables}supervision_flows (order_number, version, buyer_id, seller_id, product_id, stage, status, placed_at, waiting_on, under_appeal, stall_due_at, next_due_at, state) VALUES (@o, @v, @b, @s, @p, @st, @status, @placed, @w, @a, @stall, @due, @state)",
                ("@o", c.OrderNumber), ("@v", c.Version), ("@b", c.BuyerId), ("@s", c.SellerId), ("@p", c.ProductId), ("@st", c.Stage), ("@status", c.Status),
                ("@placed", c.PlacedAt), ("@w", c.WaitingOn), ("@a", c.UnderAppeal), ("@stall", c.StallDueAt), ("@due", c.NextDueAt), ("@state", SupervisionStorageFormat.Flow.Serialize(c.Flow)));
            foreach (var record in await _source.ReadRecordsAsync(orderNumber, CancellationToken.None))
            {
                await RunAsync($"INSERT INTO {tables}supervision_records (order_number, sequence, at, action, body) VALUES (@o, @seq, @at, @action, @body)",
                    ("@o", orderNumber), ("@seq", record.Sequence), ("@at", InstantPattern.ExtendedIso.Format(record.At)), ("@action", record.Action.ToString()), ("@body", SupervisionStorageFormat.Record.Serialize(record)));
            }
        }

        await RunAsync($"INSERT INTO {tables}supervision_commands (command_id, order_number, outcome) VALUES (@id, @o, @outcome)",
            ("@id", _outcome.CommandId), ("@o", _outcome.OrderNumber), ("@outcome", SupervisionStorageFormat.Outcome.Serialize(_outcome)));
        foreach (var supervisionEvent in _events)
        {
            await RunAsync($"INSERT INTO {tables}supervision_outbox (event_id, order_number, body) VALUES (@id, @o, @body)",
                ("@id", eventId(supervisionEvent.Id)), ("@o", supervisionEvent.OrderNumber), ("@body", SupervisionStorageFormat.Event.Serialize(supervisionEvent)));
        }
    }

    /// <summary>Checks that <paramref name="store"/>, upgraded from these rows, kept them and works by the version 2 contract.</summary>
    public async Task CheckMigratedAsync(IServiceFlowStore store)
    {
        // Every row is there.
        SupervisionStorageFormat.Flow.Serialize((await store.LoadAsync("M-1", CancellationToken.None))!)
            .Should().Be(SupervisionStorageFormat.Flow.Serialize((await _source.LoadAsync("M-1", CancellationToken.None))!));
        (await store.ReadRecordsAsync("M-1", CancellationToken.None)).Select(SupervisionStorageFormat.Record.Serialize)
            .Should().Equal((await _source.ReadRecordsAsync("M-1", CancellationToken.None)).Select(SupervisionStorageFormat.Record.Serialize)).And.HaveCount(2);
        (await store.FindCommandOutcomeAsync("M-1", "cmd-1", CancellationToken.None)).Should().Be(_outcome);
        (await store.FindCommandOutcomeAsync("M-2", "cmd-1", CancellationToken.None)).Should().BeNull();
        (await store.ReadPendingEventsAsync(Start, 100, CancellationToken.None)).Should().Equal(_events, "events saved by version 1 were never deferred");

        // The new contract works on them: ids scoped to their flow, deferred events, parked timers.
        var sameIdOtherFlow = await new ServiceSupervisor(store, new FakeClock(Start)).ExecuteAsync(new SubmitRequest("cmd-1", "M-2", Buyer, "Another order."));
        sameIdOtherFlow.IsSuccess.Should().BeTrue(sameIdOtherFlow.Error?.Message);
        sameIdOtherFlow.Value.IsReplay.Should().BeFalse();
        (await store.DeferEventAsync(_events[0].Id, _ => Start + Duration.FromHours(1), CancellationToken.None)).Should().Be(1);
        (await store.ReadPendingEventsAsync(Start, 100, CancellationToken.None)).Should().NotContain(e => e.Id == _events[0].Id);
        var due = (await store.LoadAsync("M-1", CancellationToken.None))!.NextTimerDueAt!.Value;
        (await store.ParkTimersAsync("M-1", _ => due + Duration.FromDays(30), CancellationToken.None)).Should().Be(1);
        (await store.FindDueAsync(due, 10, CancellationToken.None)).Should().NotContain("M-1");

        // A flow frozen before the upgrade is in the appeal queue (R29) at once, by its decision deadline.
        var queue = await store.SearchAsync(new FlowQuery { WaitingOn = Actor.OperationsManager("ops") }, Start, CancellationToken.None);
        queue.Items.Should().ContainSingle().Which.OrderNumber.Should().Be("M-3");
    }

    private static NewServiceFlow Order(string orderNumber) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = Buyer.Id,
        SellerId = "seller",
        ProductId = "product",
        ProductKind = ProductKind.ProfessionalService,
        AmountPaid = 10m,
        Currency = "CNY",
        PlacedAt = Start - Duration.FromHours(1),
    };
}
