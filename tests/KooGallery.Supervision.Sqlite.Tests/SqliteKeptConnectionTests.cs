using KooGallery.Supervision.Relational.Tests;
using NodaTime.Testing;

namespace KooGallery.Supervision.Sqlite.Tests;

/// <summary>
/// The connections a SQLite store keeps open: the writer its saves run on (statements prepared once) and the
/// connections a command's first read runs on. A failed save closes the writer and the next save opens another; a
/// schema change by another connection is seen by the kept statements; two stores (as two processes would) share one
/// file through its lock; disposal closes what the store keeps.
/// </summary>
public sealed class SqliteKeptConnectionTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);
    private static readonly Actor Seller = Actor.Seller("seller");
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Save_AfterASaveThatFailed_RunsOnANewWriterConnection()
    {
        var (store, file) = await NewStoreAsync("reopen.db");
        var supervisor = Supervisor(store);
        (await supervisor.CreateFlowAsync(Order("K-1"))).IsSuccess.Should().BeTrue();
        store.Writer.Opened.Should().Be(1);

        // Another connection changes the schema under the kept statements: a trigger that fails every new record.
        await SqliteFile.ExecuteAsync(file, "CREATE TRIGGER test_refuse BEFORE INSERT ON supervision_records BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        var failing = async () => await supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "K-1", Seller, "Half done."));
        var error = (await failing.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("Unusable");
        error.Message.Should().Contain("refused by the test");

        await SqliteFile.ExecuteAsync(file, "DROP TRIGGER test_refuse");
        var saved = await supervisor.ExecuteAsync(new PostProgressUpdate("c-2", "K-1", Seller, "Half done."));

        saved.IsSuccess.Should().BeTrue();
        store.Writer.Opened.Should().Be(2, "the failed save closed the writer and the next one opened a new connection");
        (await store.ReadRecordsAsync("K-1", CancellationToken.None)).Should().HaveCount(2, "the failed save wrote nothing");
        (await store.FindCommandOutcomeAsync("K-1", "c-1", CancellationToken.None)).Should().BeNull();
        (await store.LoadAsync("K-1", CancellationToken.None))!.Version.Should().Be(2);
    }

    [Fact]
    public async Task Save_WithACheckThatFails_KeepsTheWriterConnection()
    {
        var (store, _) = await NewStoreAsync("check.db");
        var supervisor = Supervisor(store);
        await supervisor.CreateFlowAsync(Order("K-1"));
        var flow = (await store.LoadAsync("K-1", CancellationToken.None))!;

        var conflict = await store.SaveAsync(new FlowChange(flow, expectedVersion: flow.Version + 5, [], [], null), CancellationToken.None);
        var saved = await supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "K-1", Seller, "Half done."));

        conflict.Should().Be(FlowSaveResult.VersionConflict);
        saved.IsSuccess.Should().BeTrue();
        store.Writer.Opened.Should().Be(1);
    }

    [Fact]
    public async Task Save_Cancelled_SavesNothingAndTheNextSaveSucceeds()
    {
        var (store, _) = await NewStoreAsync("cancel.db");
        var supervisor = Supervisor(store);
        await supervisor.CreateFlowAsync(Order("K-1"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = async () => await supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "K-1", Seller, "Half done."), cancelled.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
        var saved = await supervisor.ExecuteAsync(new PostProgressUpdate("c-2", "K-1", Seller, "Half done."));

        saved.IsSuccess.Should().BeTrue();
        (await store.LoadAsync("K-1", CancellationToken.None))!.Version.Should().Be(2);
    }

    [Fact]
    public async Task TwoStoresOnOneFile_SeeEachOthersSavesAndTheVersionCheckHolds()
    {
        var (first, file) = await NewStoreAsync("shared.db");
        await using var second = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        var one = Supervisor(first);
        var two = Supervisor(second);
        await one.CreateFlowAsync(Order("K-1"));

        for (var i = 0; i < 6; i++)
        {
            var supervisor = i % 2 == 0 ? two : one;
            (await supervisor.ExecuteAsync(new PostProgressUpdate("c-" + i, "K-1", Seller, "Step " + i))).IsSuccess.Should().BeTrue();
        }

        var stale = (await second.LoadAsync("K-1", CancellationToken.None))!;
        (await one.ExecuteAsync(new PostProgressUpdate("c-last", "K-1", Seller, "Last step"))).IsSuccess.Should().BeTrue();
        var conflict = await second.SaveAsync(new FlowChange(stale, expectedVersion: stale.Version, [], [], null), CancellationToken.None);

        conflict.Should().Be(FlowSaveResult.VersionConflict, "the other store saved a newer version meanwhile");
        (await first.ReadRecordsAsync("K-1", CancellationToken.None)).Should().HaveCount(8);
        (await second.LoadAsync("K-1", CancellationToken.None))!.Version.Should().Be(8);
    }

    [Fact]
    public async Task TwoStoresOnOneFile_SavingAtOnce_NeitherFailsOnTheFileAndEveryAppliedSaveIsKept()
    {
        var (first, file) = await NewStoreAsync("parallel.db");
        await using var second = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        var one = Supervisor(first);
        var two = Supervisor(second);
        for (var flow = 0; flow < 4; flow++)
        {
            await one.CreateFlowAsync(Order("K-" + flow));
        }

        var saves = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            (Flow: "K-" + (i % 4), Result: await (i % 2 == 0 ? one : two).ExecuteAsync(new PostProgressUpdate("c-" + i, "K-" + (i % 4), Seller, "Step " + i)))));
        var results = await Task.WhenAll(saves);

        // Every save either applied or lost its flow's version race (the engine retries a few times, then reports it);
        // none failed on the file: each waited for the other store's write lock.
        results.Should().AllSatisfy(r => (r.Result.IsSuccess || r.Result.Error!.Reason == SupervisionErrorReason.VersionConflict).Should().BeTrue(r.Result.Error?.Message));
        results.Should().Contain(r => r.Result.IsSuccess);
        for (var flow = 0; flow < 4; flow++)
        {
            var applied = results.Count(r => r.Flow == "K-" + flow && r.Result.IsSuccess);
            (await first.ReadRecordsAsync("K-" + flow, CancellationToken.None)).Should().HaveCount(1 + applied);
            (await second.LoadAsync("K-" + flow, CancellationToken.None))!.Version.Should().Be(1 + applied);
        }
    }

    [Fact]
    public async Task Dispose_ClosesTheKeptConnections_AndASaveAfterItIsRefused()
    {
        var (store, _) = await NewStoreAsync("dispose.db");
        var supervisor = Supervisor(store);
        await supervisor.CreateFlowAsync(Order("K-1"));
        await supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "K-1", Seller, "Half done."));
        store.CommandReads.KeptCount.Should().Be(1);

        await store.DisposeAsync();
        store.Dispose();
        var save = async () => await supervisor.ExecuteAsync(new PostProgressUpdate("c-2", "K-1", Seller, "Half done."));

        store.CommandReads.KeptCount.Should().Be(0);
        await save.Should().ThrowAsync<ObjectDisposedException>();
        (await store.LoadAsync("K-1", CancellationToken.None))!.Version.Should().Be(2, "reads still open connections of their own");
    }

    [Fact]
    public async Task CommandReads_ManyAtOnce_KeepAtMostTheirBound()
    {
        var (store, _) = await NewStoreAsync("reads.db");
        var supervisor = Supervisor(store);
        await supervisor.CreateFlowAsync(Order("K-1"));

        var reads = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            await store.LoadForCommandAsync("K-1", "none-" + i, CancellationToken.None))));

        reads.Should().AllSatisfy(read => read.Flow!.OrderNumber.Should().Be("K-1"));
        store.CommandReads.KeptCount.Should().BeInRange(1, SqliteCommandReads.MaxKept);
    }

    [Fact]
    public async Task CommandRead_OfADamagedRow_FailsAndTheNextReadRunsOnAFreshConnection()
    {
        var (store, file) = await NewStoreAsync("damaged.db");
        var supervisor = Supervisor(store);
        await supervisor.CreateFlowAsync(Order("K-1"));
        await supervisor.CreateFlowAsync(Order("K-2"));
        await store.LoadForCommandAsync("K-1", "none", CancellationToken.None);
        store.CommandReads.KeptCount.Should().Be(1);
        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_flows SET state = '{\"orderNumber\": 12' WHERE order_number = 'K-2'");

        var damaged = async () => await store.LoadForCommandAsync("K-2", "none", CancellationToken.None);
        await damaged.Should().ThrowAsync<FormatException>();
        store.CommandReads.KeptCount.Should().Be(0, "the connection of the failed read was closed, not kept");
        var read = await store.LoadForCommandAsync("K-1", "none", CancellationToken.None);

        read.Flow!.OrderNumber.Should().Be("K-1");
        store.CommandReads.KeptCount.Should().Be(1);
    }

    [Theory]
    [InlineData(7, 7_000L)]
    [InlineData(0, 2_147_483_647L)]
    [InlineData(3_000_000, 2_147_483_647L)]
    public async Task KeptConnections_WaitForABusyDatabaseAsLongAsTheConnectionStringsTimeout(int seconds, long milliseconds)
    {
        // The store runs its own statements on the kept connections, not Microsoft.Data.Sqlite's commands (which
        // retry a busy database until their timeout, 0 meaning no limit): SQLite itself must wait as long.
        var (store, file) = await NewStoreAsync("busy.db");
        await using var connection = await store.OpenKeptConnectionAsync($"Data Source={file};Default Timeout={seconds}");
        await using var busyTimeout = connection.CreateCommand();
        busyTimeout.CommandText = "PRAGMA busy_timeout";

        (await busyTimeout.ExecuteScalarAsync()).Should().Be(milliseconds);
    }

    [Fact]
    public async Task Save_AnEmptyText_StoresAnEmptyTextNotNull()
    {
        // An empty text has no address to bind; the store binds it as text all the same.
        var (store, file) = await NewStoreAsync("empty.db");
        var supervisor = Supervisor(store);
        (await supervisor.CreateFlowAsync(Order("K-1"))).IsSuccess.Should().BeTrue();
        var flow = (await store.LoadAsync("K-1", CancellationToken.None))!;
        var record = (await store.ReadRecordsAsync("K-1", CancellationToken.None))[0];
        // The next version of the flow, made through its stored form (a store's caller cannot set a version).
        var stored = System.Text.Json.Nodes.JsonNode.Parse(SupervisionStorageFormat.Flow.Serialize(flow))!.AsObject();
        stored["version"] = flow.Version + 1;
        var draft = SupervisionStorageFormat.Flow.Deserialize(stored.ToJsonString());
        var outcome = new CommandOutcome
        {
            CommandId = string.Empty, OrderNumber = "K-1", Action = SupervisionAction.PostProgressUpdate, StageBefore = flow.Stage,
            StageAfter = flow.Stage, FlowVersion = draft.Version, RecordSequence = record.Sequence + 1, At = Start,
        };

        (await store.SaveAsync(new FlowChange(draft, flow.Version, [], [], outcome), CancellationToken.None)).Should().Be(FlowSaveResult.Saved);

        (await store.FindCommandOutcomeAsync("K-1", string.Empty, CancellationToken.None)).Should().Be(outcome);
        (await SqliteFile.ScalarAsync(file, "SELECT count(*) FROM supervision_commands WHERE command_id = ''")).Should().Be(1L);
    }

    [Fact]
    public async Task LoadForCommand_Cancelled_KeepsTheHealthyConnection()
    {
        var (store, _) = await NewStoreAsync("cancelled-read.db");
        (await Supervisor(store).CreateFlowAsync(Order("K-1"))).IsSuccess.Should().BeTrue();
        await store.LoadForCommandAsync("K-1", "none", CancellationToken.None);
        store.CommandReads.KeptCount.Should().Be(1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var read = async () => await store.LoadForCommandAsync("K-1", "none", cancelled.Token);

        await read.Should().ThrowAsync<OperationCanceledException>();
        store.CommandReads.KeptCount.Should().Be(1, "a cancelled read takes no connection, so none is lost");
    }

    private static ServiceSupervisor Supervisor(IServiceFlowStore store) => new(store, new FakeClock(Start));

    private async Task<(SqliteServiceFlowStore Store, string File)> NewStoreAsync(string name)
    {
        var file = _folder.File(name);
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        await store.EnsureSchemaAsync();
        return (store, file);
    }

    private static NewServiceFlow Order(string orderNumber) => TestOrders.Placed(orderNumber);
}
