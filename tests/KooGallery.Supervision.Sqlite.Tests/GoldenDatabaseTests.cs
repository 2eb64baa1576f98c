using NodaTime.Testing;

namespace KooGallery.Supervision.Sqlite.Tests;

/// <summary>
/// A database written by the SQLite store at schema version 2 before the stored shapes became data
/// (Golden/supervision-schema-2.db, written by <see cref="GoldenStory"/>): it opens with today's store after the
/// schema step a host runs at start-up (which brings it to the current version), every stored document reads back and writes again to the bytes stored, and a retry of a command it
/// holds is answered with the stored outcome.
/// </summary>
public sealed class GoldenDatabaseTests : IAsyncLifetime
{
    private static readonly string[] Orders = ["G-1", "G-2", "G-3", "G-4", "G-5"];
    private readonly TemporaryFolder _folder = new();
    private readonly string _file;
    private readonly SqliteServiceFlowStore _store;

    public GoldenDatabaseTests()
    {
        _file = _folder.File("golden.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Golden", "supervision-schema-2.db"), _file);
        _store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={_file}" });
    }

    public async ValueTask InitializeAsync() =>
        (await _store.EnsureSchemaAsync()).Should().Be(SqliteSchema.CurrentVersion, "the schema step upgrades a database of an earlier version");

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task LoadAsync_GoldenDatabase_ReadsEveryFlowAndWritesItAgainToTheStoredBytes()
    {
        foreach (var order in Orders)
        {
            var stored = await StoredTextAsync("SELECT state FROM supervision_flows WHERE order_number = @order", order);

            var flow = await _store.LoadAsync(order, CancellationToken.None);

            SupervisionStorageFormat.Flow.Serialize(flow!).Should().Be(stored.Single(), order);
        }
    }

    [Fact]
    public async Task LoadAsync_GoldenDatabase_ReadsTheStoryItWasWrittenBy()
    {
        var flows = new Dictionary<string, ServiceFlow>();
        foreach (var order in Orders)
        {
            flows[order] = (await _store.LoadAsync(order, CancellationToken.None))!;
        }

        flows["G-1"].Stage.Should().Be(Stage.Completed);
        flows["G-1"].AmountPaid.Should().Be(1234.50m);
        flows["G-1"].RequestTemplate.Should().Equal(new TemplateField("Database"), new TemplateField("Notes", Required: false));
        flows["G-2"].Stage.Should().Be(Stage.DeliveryRejected);
        flows["G-2"].RequestRejections.Should().Be(1);
        flows["G-2"].DeliveryRejections.Should().Be(1);
        flows["G-3"].Stage.Should().Be(Stage.Accepted);
        flows["G-3"].CompletionRemaining.Should().NotBeNull();
        flows["G-3"].Appeal!.OpenedBy.Should().Be(GoldenStory.Seller);
        flows["G-3"].Appeal!.Reason.Should().Be(GoldenStory.AppealOfG3.Reason);
        flows["G-3"].Appeal!.Proofs.Should().Equal(GoldenStory.AppealOfG3.Proofs);
        flows["G-3"].Appeal!.OpenedAt.ToUnixTimeTicks().Should().NotBe(0);
        (flows["G-3"].Appeal!.OpenedAt - NodaConstants.UnixEpoch).SubsecondNanoseconds.Should().Be(138_456_869);
        flows["G-4"].Stage.Should().Be(Stage.Closed);
        flows["G-5"].Stage.Should().Be(Stage.AwaitingRequest);
        flows.Values.Should().OnlyContain(f => f.PlacedAt == GoldenStory.Start - Duration.FromMinutes(5) - Duration.FromNanoseconds(17));
    }

    [Fact]
    public async Task ReadRecordsAsync_GoldenDatabase_ReadsEveryRecordAndWritesItAgainToTheStoredBytes()
    {
        var count = 0;
        foreach (var order in Orders)
        {
            var stored = await StoredTextAsync("SELECT body FROM supervision_records WHERE order_number = @order ORDER BY sequence", order);

            var records = await _store.ReadRecordsAsync(order, CancellationToken.None);

            records.Select(SupervisionStorageFormat.Record.Serialize).Should().Equal(stored);
            records.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, records.Count).Select(i => (long)i));
            count += records.Count;
        }

        count.Should().Be(24);
        var delivery = (await _store.ReadRecordsAsync("G-1", CancellationToken.None)).Single(r => r.Action == SupervisionAction.Deliver);
        delivery.References.Should().Equal(GoldenStory.Sow, GoldenStory.Acceptance);
        delivery.Fields.Should().ContainKey("Verified").WhoseValue.Should().Be("yes");
    }

    [Fact]
    public async Task FindCommandOutcomeAsync_GoldenDatabase_ReadsEveryOutcomeAndWritesItAgainToTheStoredBytes()
    {
        var keys = await SqliteFile.ColumnAsync(_file, "SELECT order_number || char(10) || command_id FROM supervision_commands ORDER BY order_number, command_id");
        keys.Should().HaveCount(18);
        foreach (var key in keys)
        {
            var (order, commandId) = (key.Split('\n')[0], key.Split('\n')[1]);
            var stored = await SqliteFile.ColumnAsync(_file, "SELECT outcome FROM supervision_commands WHERE order_number = @order AND command_id = @id", ("@order", order), ("@id", commandId));

            var outcome = await _store.FindCommandOutcomeAsync(order, commandId, CancellationToken.None);

            outcome!.CommandId.Should().Be(commandId);
            SupervisionStorageFormat.Outcome.Serialize(outcome).Should().Be(stored.Single());
        }
    }

    [Fact]
    public async Task ReadPendingEventsAsync_GoldenDatabase_ReadsEveryPendingEventAndWritesItAgainToTheStoredBytes()
    {
        var stored = await SqliteFile.ColumnAsync(_file, "SELECT body FROM supervision_outbox WHERE delivered = 0 ORDER BY due_at, sequence");

        var pending = await _store.ReadPendingEventsAsync(Instant.MaxValue, 1000, CancellationToken.None);

        stored.Should().HaveCount(19);
        pending.Select(SupervisionStorageFormat.Event.Serialize).Should().Equal(stored);
        pending.Should().Contain(e => e.Kind == SupervisionEventKind.AppealOpened && e.OrderNumber == "G-3");
    }

    [Fact]
    public async Task ExecuteAsync_RetryOfACommandTheGoldenDatabaseHolds_ReturnsTheStoredOutcome()
    {
        var supervisor = new ServiceSupervisor(_store, new FakeClock(GoldenStory.Start + Duration.FromHours(4)));
        var storedAppeal = await _store.FindCommandOutcomeAsync("G-3", GoldenStory.AppealOfG3.CommandId, CancellationToken.None);
        var storedRequest = await _store.FindCommandOutcomeAsync("G-1", GoldenStory.RequestOfG1.CommandId, CancellationToken.None);

        var appeal = await supervisor.ExecuteAsync(GoldenStory.AppealOfG3);
        var request = await supervisor.ExecuteAsync(GoldenStory.RequestOfG1);
        var reused = await supervisor.ExecuteAsync(GoldenStory.AppealOfG3 with { Reason = "Another reason." });

        appeal.IsSuccess.Should().BeTrue(appeal.Error?.Message);
        appeal.Value.Should().Be(storedAppeal! with { IsReplay = true });
        request.IsSuccess.Should().BeTrue(request.Error?.Message);
        request.Value.Should().Be(storedRequest! with { IsReplay = true });
        reused.IsSuccess.Should().BeFalse();
        reused.Error!.Reason.Should().Be(SupervisionErrorReason.CommandIdReused);
        (await _store.ReadRecordsAsync("G-3", CancellationToken.None)).Should().HaveCount(6, "a retry appends nothing");
    }

    private Task<List<string>> StoredTextAsync(string sql, string order) => SqliteFile.ColumnAsync(_file, sql, ("@order", order));
}
