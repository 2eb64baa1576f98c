using KooGallery.Supervision.Relational.Tests;
using NodaTime.Testing;

namespace KooGallery.Supervision.Sqlite.Tests;

/// <summary>
/// A row whose stored document cannot be read blocks nobody: a damaged outbox event is set aside (still pending,
/// never handed out), and a damaged flow is left out of search pages.
/// </summary>
public sealed class SqliteDamagedRowTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Defect_DamagedOutboxRow_IsSetAsideAndTheEventsBehindItAreDelivered()
    {
        var file = _folder.File("outbox.db");
        var (store, clock) = await ThreeFlowsWithPendingEventsAsync(file);

        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_outbox SET body = 'not an event' WHERE order_number = 'D-1'");
        var handled = new List<string>();
        var healthy = new ServiceSupervisor(store, clock, handlers: [new RecordingHandler(handled)]);

        var delivered = await healthy.DispatchPendingEventsAsync();
        var again = await healthy.DispatchPendingEventsAsync();

        delivered.Should().Be(2);
        again.Should().Be(0);
        handled.Should().BeEquivalentTo(["D-2", "D-3"]);
        (await SqliteFile.ScalarAsync(file, "SELECT COUNT(*) FROM supervision_outbox WHERE delivered = 0")).Should().Be(1L, "the damaged event is kept, not deleted");
    }

    [Fact]
    public async Task Defect_TwoDamagedOutboxRowsInOneRead_AreBothSetAsideByThatRead()
    {
        var file = _folder.File("outbox-two.db");
        var (store, _) = await ThreeFlowsWithPendingEventsAsync(file);

        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_outbox SET body = 'not an event' WHERE order_number IN ('D-1', 'D-2')");

        var pending = await store.ReadPendingEventsAsync(Start, 10, CancellationToken.None);

        pending.Select(e => e.OrderNumber).Should().Equal("D-3");
        (await SqliteFile.ScalarAsync(file, $"SELECT COUNT(*) FROM supervision_outbox WHERE due_at = {long.MaxValue}")).Should().Be(2L, "each unreadable row is set aside by the read that found it");
        (await SqliteFile.ScalarAsync(file, "SELECT COUNT(*) FROM supervision_outbox WHERE delivered = 0")).Should().Be(3L, "nothing is deleted or marked delivered");
    }

    [Fact]
    public async Task Defect_DamagedFlowRow_IsLeftOutOfSearchPagesInsteadOfFailingThem()
    {
        var file = _folder.File("search.db");
        var store = await OpenAsync(file);
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        foreach (var order in new[] { "S-1", "S-2", "S-3" })
        {
            (await supervisor.CreateFlowAsync(Order(order))).IsSuccess.Should().BeTrue();
        }

        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_flows SET state = 'not a flow' WHERE order_number = 'S-2'");

        var page = await supervisor.SearchAsync(new FlowQuery(), Actor.OperationsManager("ops"));

        page.IsSuccess.Should().BeTrue();
        page.Value.Items.Select(i => i.OrderNumber).Should().Equal("S-1", "S-3");
    }

    [Fact]
    public async Task Defect_DamagedFlowRowAtTheEndOfAPage_DoesNotEndThePaging()
    {
        // Before: the row one past the page made it full, "more" stayed false, and the flows after it were never shown.
        var file = _folder.File("paging.db");
        var store = await OpenAsync(file);
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        var orders = new[] { "P-1", "P-2", "P-3", "P-4", "P-5" };
        for (var i = 0; i < orders.Length; i++)
        {
            (await supervisor.CreateFlowAsync(TestOrders.Placed(orders[i], ProductKind.ProfessionalService, "EUR", Start - Duration.FromMinutes(10 - i)))).IsSuccess.Should().BeTrue();
        }

        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_flows SET state = 'not a flow' WHERE order_number IN ('P-1', 'P-2')");

        var seen = new List<string>();
        var query = new FlowQuery { PageSize = 2 };
        for (var pages = 0; pages < 10; pages++)
        {
            var page = (await supervisor.SearchAsync(query, Actor.OperationsManager("ops"))).GetValueOrThrow();
            seen.AddRange(page.Items.Select(i => i.OrderNumber));
            if (page.Next is null)
            {
                break;
            }

            query = query with { After = page.Next };
        }

        seen.Should().Equal("P-3", "P-4", "P-5");
    }

    [Fact]
    public async Task Defect_FlowStateThatIsNotText_IsReportedAsDamageNotAsNoFlow()
    {
        // Before: a value that was not text read as "no row": the view said NotFound and a create said Conflict.
        var file = _folder.File("blob.db");
        var store = await OpenAsync(file);
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        (await supervisor.CreateFlowAsync(Order("N-1"))).IsSuccess.Should().BeTrue();
        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_flows SET state = X'6E6F742061206A736F6E' WHERE order_number = 'N-1'");

        var load = async () => await store.LoadAsync("N-1", CancellationToken.None);
        var view = async () => await supervisor.GetViewAsync("N-1", Actor.Buyer("buyer"));

        await load.Should().ThrowAsync<FormatException>();
        await view.Should().ThrowAsync<FormatException>();
        (await SqliteFile.ScalarAsync(file, "SELECT COUNT(*) FROM supervision_flows")).Should().Be(1L);
    }

    [Fact]
    public async Task A_flow_state_stored_as_bytes_of_its_text_is_read_alike_by_every_path()
    {
        // A command's first read and a search read bytes as UTF-8 text; a load, a view and a create read them the same.
        var file = _folder.File("bytes.db");
        var store = await OpenAsync(file);
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        (await supervisor.CreateFlowAsync(Order("T-1"))).IsSuccess.Should().BeTrue();
        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_flows SET state = CAST(state AS BLOB) WHERE order_number = 'T-1'");

        var loaded = await store.LoadAsync("T-1", CancellationToken.None);
        var view = await supervisor.GetViewAsync("T-1", Actor.Buyer("buyer"));
        var again = await supervisor.CreateFlowAsync(Order("T-1"));
        var found = await supervisor.SearchAsync(new FlowQuery(), Actor.OperationsManager("ops"));

        loaded!.OrderNumber.Should().Be("T-1");
        view.IsSuccess.Should().BeTrue();
        again.IsSuccess.Should().BeTrue();
        found.Value.Items.Select(i => i.OrderNumber).Should().Equal("T-1");
    }

    [Fact]
    public async Task Defect_FlowStateThatIsNotText_IsParkedByTheSweepAndTheOthersAreSwept()
    {
        var file = _folder.File("blob-sweep.db");
        var store = await OpenAsync(file);
        var clock = new FakeClock(Start);
        var supervisor = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { TimerSweepBatchSize = 1 });
        foreach (var order in new[] { "B-1", "B-2" })
        {
            (await supervisor.CreateFlowAsync(TestOrders.Placed(order, ProductKind.License, "EUR", Start - Duration.FromMinutes(1)))).IsSuccess.Should().BeTrue();
        }

        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_flows SET state = X'6E6F742061206A736F6E' WHERE order_number = 'B-1'");
        clock.Advance(Duration.FromDays(6));

        await supervisor.ApplyDueTimersAsync();

        var records = await store.ReadRecordsAsync("B-2", CancellationToken.None);
        records.Should().Contain(r => r.Action == SupervisionAction.FlagStall);
        (await SqliteFile.ScalarAsync(file, "SELECT timer_failures FROM supervision_flows WHERE order_number = 'B-1'")).Should().Be(1L);
    }

    [Fact]
    public async Task Defect_DamagedOutboxRow_IsStillCountedAsPendingInTheStatus()
    {
        // Before: the status counted the events it could read, and a set-aside event vanished from the backlog.
        var file = _folder.File("outbox-status.db");
        var (store, clock) = await ThreeFlowsWithPendingEventsAsync(file);
        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_outbox SET body = 'not an event' WHERE order_number = 'D-1'");
        var supervisor = new ServiceSupervisor(store, clock, handlers: [new RecordingHandler([])]);

        (await supervisor.DispatchPendingEventsAsync()).Should().Be(2);
        var status = await supervisor.GetStatusAsync();

        status.PendingEvents.Should().Be(1);
        (await store.CountPendingEventsAsync(10, CancellationToken.None)).Should().Be(1);
    }

    /// <summary>A store with flows D-1 to D-3, each with one event left pending (its handler failed).</summary>
    private static async Task<(SqliteServiceFlowStore Store, FakeClock Clock)> ThreeFlowsWithPendingEventsAsync(string file)
    {
        var store = await OpenAsync(file);
        var clock = new FakeClock(Start);
        var failing = new ServiceSupervisor(store, clock, new ServiceSupervisionOptions { DispatchEventsInline = false }, [new FailingHandler()]);
        foreach (var order in new[] { "D-1", "D-2", "D-3" })
        {
            (await failing.CreateFlowAsync(Order(order))).IsSuccess.Should().BeTrue();
            (await failing.ExecuteAsync(new SubmitRequest("s-" + order, order, Actor.Buyer("buyer"), "text"))).IsSuccess.Should().BeTrue();
        }

        return (store, clock);
    }

    private static async Task<SqliteServiceFlowStore> OpenAsync(string file)
    {
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        await store.EnsureSchemaAsync();
        return store;
    }

    private static NewServiceFlow Order(string orderNumber) => TestOrders.Placed(orderNumber, ProductKind.ProfessionalService, "EUR", Start - Duration.FromMinutes(1));

    private sealed class RecordingHandler(List<string> orders) : ISupervisionEventHandler
    {
        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            lock (orders)
            {
                orders.Add(supervisionEvent.OrderNumber);
            }

            return ValueTask.CompletedTask;
        }
    }
}
