using KooGallery.Supervision.Relational.Tests;
using Npgsql;
using NodaTime.Testing;

namespace KooGallery.Supervision.PostgreSql.Tests;

/// <summary>
/// The save and the command's first read as PostgreSQL gets them: statements prepared once per connection and kept
/// across its returns to the pool, the stored documents sent as UTF-8 bytes yet stored as the very text of the stored
/// format, and a batch kept across connections that finds each connection's own prepared statements.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlPreparedSaveTests(PostgresServer server)
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);
    private static readonly Actor Seller = Actor.Seller("seller");

    [Fact]
    public async Task Save_StoredDocuments_AreTheTextOfTheStoredFormat()
    {
        server.SkipWhenUnavailable();
        var (store, supervisor, schema) = await NewStoreWithFlowAsync("U-1");

        var outcome = (await supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "U-1", Seller, "数据复制 40 % — “nearly” half; 😀"))).GetValueOrThrow();
        var flow = (await store.LoadAsync("U-1", CancellationToken.None))!;
        var records = await store.ReadRecordsAsync("U-1", CancellationToken.None);

        (await TextAsync($"SELECT state FROM \"{schema}\".supervision_flows WHERE order_number = 'U-1'")).Should().Be(SupervisionStorageFormat.Flow.Serialize(flow));
        (await TextAsync($"SELECT outcome FROM \"{schema}\".supervision_commands WHERE command_id = 'c-1'")).Should().Be(SupervisionStorageFormat.Outcome.Serialize(outcome with { IsReplay = false }));
        (await TextAsync($"SELECT body FROM \"{schema}\".supervision_records WHERE order_number = 'U-1' AND sequence = 2")).Should().Be(SupervisionStorageFormat.Record.Serialize(records[1]));
        (await store.LoadForCommandAsync("U-1", "c-1", CancellationToken.None)).Outcome.Should().Be(outcome with { IsReplay = false });
    }

    [Fact]
    public async Task StoreAndCommand_CallerBlockingOnTheValueTasks_GetsTheirResults()
    {
        // The store's and the supervisor's value tasks await pooled state machines inside; what a caller gets is the
        // result or a task, so a caller that blocks on one while the database answers gets the result.
        server.SkipWhenUnavailable();
        var (store, supervisor, _) = await NewStoreWithFlowAsync("U-1");

        var (loaded, result, records) = await Task.Run(() =>
        {
            var pendingLoad = store.LoadForCommandAsync("U-1", "c-1", CancellationToken.None);
            var loaded = pendingLoad.GetAwaiter().GetResult();
            var pendingCommand = supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "U-1", Seller, "Half done."));
            var result = pendingCommand.GetAwaiter().GetResult();
            var pendingRecords = store.ReadRecordsAsync("U-1", CancellationToken.None);
            return (loaded, result, pendingRecords.GetAwaiter().GetResult());
        });

        loaded.Flow!.OrderNumber.Should().Be("U-1");
        loaded.Outcome.Should().BeNull();
        result.IsSuccess.Should().BeTrue();
        records.Should().Contain(record => record.CommandId == "c-1");
    }

    [Fact]
    public async Task Commands_ManyAtOnceThenOneByOne_ApplyOnTheKeptConnectionObjects()
    {
        // Commands' first reads and saves reopen closed connection objects kept from earlier commands: 64 at once on
        // four flows (more than are kept), then more one by one, each applies or loses its flow's version race.
        server.SkipWhenUnavailable();
        var (store, supervisor, _) = await NewStoreWithFlowAsync("U-0");
        for (var flow = 1; flow < 4; flow++)
        {
            (await supervisor.CreateFlowAsync(Order("U-" + flow))).IsSuccess.Should().BeTrue();
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            (Flow: "U-" + (i % 4), Result: await supervisor.ExecuteAsync(new PostProgressUpdate("c-" + i, "U-" + (i % 4), Seller, "Step " + i))))));
        for (var i = 0; i < 8; i++)
        {
            (await supervisor.ExecuteAsync(new PostProgressUpdate("d-" + i, "U-0", Seller, "Later " + i))).IsSuccess.Should().BeTrue();
        }

        results.Should().AllSatisfy(r => (r.Result.IsSuccess || r.Result.Error!.Reason == SupervisionErrorReason.VersionConflict).Should().BeTrue(r.Result.Error?.Message));
        for (var flow = 0; flow < 4; flow++)
        {
            var applied = results.Count(r => r.Flow == "U-" + flow && r.Result.IsSuccess) + (flow == 0 ? 8 : 0);
            (await store.ReadRecordsAsync("U-" + flow, CancellationToken.None)).Should().HaveCount(1 + applied);
            (await store.LoadAsync("U-" + flow, CancellationToken.None))!.Version.Should().Be(1 + applied);
        }
    }

    [Fact]
    public async Task CommandCalls_KeepTheirClosedConnectionObjects_ButNotOneWhoseCallFailed()
    {
        server.SkipWhenUnavailable();
        var (store, supervisor, schema) = await NewStoreWithFlowAsync("U-1");
        (await supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "U-1", Seller, "Half done."))).IsSuccess.Should().BeTrue();
        store.KeptConnectionCount.Should().Be(1, "the first read and the save ran one after the other, on one kept object");

        // A first read that fails on the server (its table is gone) disposes its connection object instead of keeping it.
        await using (var drop = server.DataSource.CreateCommand($"DROP TABLE \"{schema}\".supervision_commands CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var read = async () => await store.LoadForCommandAsync("U-1", "c-2", CancellationToken.None);

        await read.Should().ThrowAsync<SupervisionStoreException>();
        store.KeptConnectionCount.Should().Be(0);
    }

    [Fact]
    public async Task Command_InsideACallersTransactionScope_IsSavedForGoodWhateverTheScopeDoes()
    {
        // The store's connections never enlist in an ambient transaction: a command that returns success stays saved
        // even when the caller's scope is disposed without completing (rolled back).
        server.SkipWhenUnavailable();
        var (store, supervisor, _) = await NewStoreWithFlowAsync("U-1");

        SupervisionResult<CommandOutcome> result;
        using (new System.Transactions.TransactionScope(System.Transactions.TransactionScopeAsyncFlowOption.Enabled))
        {
            result = await supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "U-1", Seller, "Half done."));
        }

        result.IsSuccess.Should().BeTrue();
        (await store.LoadAsync("U-1", CancellationToken.None))!.Version.Should().Be(result.Value.FlowVersion);
        (await store.ReadRecordsAsync("U-1", CancellationToken.None)).Should().Contain(record => record.CommandId == "c-1");
    }

    [Fact]
    public async Task Saves_OnOneConnection_PrepareTheirStatementsOnceAndKeepThemAcrossReturnsToThePool()
    {
        server.SkipWhenUnavailable();
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { MaxPoolSize = 1 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var schema = PostgresServer.NewSchemaName();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        await supervisor.CreateFlowAsync(Order("U-1"));

        for (var i = 0; i < 5; i++)
        {
            (await supervisor.ExecuteAsync(new PostProgressUpdate("c-" + i, "U-1", Seller, "Step " + i))).IsSuccess.Should().BeTrue();
        }

        await using var command = dataSource.CreateCommand(
            $"SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%\"{schema}\".%' ORDER BY statement");
        var prepared = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                prepared.Add(reader.GetString(0));
            }
        }

        // The flow's update, checked on the server (a division by zero when its version check writes no row).
        prepared.Should().ContainSingle(sql => sql.StartsWith("WITH written AS (UPDATE", StringComparison.Ordinal) && sql.Contains("supervision_flows", StringComparison.Ordinal) && sql.EndsWith("SELECT 1 / count(*) FROM written", StringComparison.Ordinal), "the flow's update is prepared once");
        prepared.Should().ContainSingle(sql => sql.Contains("INSERT INTO", StringComparison.Ordinal) && sql.Contains("supervision_commands", StringComparison.Ordinal));
        prepared.Should().ContainSingle(sql => sql.Contains("INSERT INTO", StringComparison.Ordinal) && sql.Contains("supervision_records", StringComparison.Ordinal));
        prepared.Should().ContainSingle(sql => sql.StartsWith("SELECT state", StringComparison.Ordinal), "the command's first read is prepared once");
        (await store.LoadAsync("U-1", CancellationToken.None))!.Version.Should().Be(6);
    }

    [Fact]
    public async Task Saves_WithPreparedStatementsTurnedOff_PrepareNothingAndStillSave()
    {
        server.SkipWhenUnavailable();
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { MaxPoolSize = 1 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var schema = PostgresServer.NewSchemaName();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = schema, PrepareStatements = false });
        await store.EnsureSchemaAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        await supervisor.CreateFlowAsync(Order("U-1"));

        for (var i = 0; i < 3; i++)
        {
            (await supervisor.ExecuteAsync(new PostProgressUpdate("c-" + i, "U-1", Seller, "Step " + i))).IsSuccess.Should().BeTrue();
        }

        await using var command = dataSource.CreateCommand($"SELECT COUNT(*)::int FROM pg_prepared_statements WHERE statement LIKE '%\"{schema}\".%'");
        (await command.ExecuteScalarAsync()).Should().Be(0);
        (await store.LoadAsync("U-1", CancellationToken.None))!.Version.Should().Be(4);
        (await store.ReadRecordsAsync("U-1", CancellationToken.None)).Should().HaveCount(4);
    }

    [Fact]
    public async Task Saves_OnAMultiplexingDataSource_RunUnprepared()
    {
        // Npgsql refuses explicit preparation when multiplexing: the store leaves its statements unprepared there.
        server.SkipWhenUnavailable();
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Multiplexing = true };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var schema = PostgresServer.NewSchemaName();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        (await supervisor.CreateFlowAsync(Order("U-1"))).IsSuccess.Should().BeTrue();

        for (var i = 0; i < 3; i++)
        {
            (await supervisor.ExecuteAsync(new PostProgressUpdate("c-" + i, "U-1", Seller, "Step " + i))).IsSuccess.Should().BeTrue();
        }

        var replay = (await supervisor.ExecuteAsync(new PostProgressUpdate("c-1", "U-1", Seller, "Step 1"))).GetValueOrThrow();
        replay.IsReplay.Should().BeTrue();
        (await store.LoadAsync("U-1", CancellationToken.None))!.Version.Should().Be(4);
        (await store.ReadRecordsAsync("U-1", CancellationToken.None)).Should().HaveCount(4);
    }

    [Fact]
    public async Task Saves_OnConnectionsTakenInTurns_UseEachConnectionsOwnPreparedStatements()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await using var dataSource = server.NewDataSource();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        await supervisor.CreateFlowAsync(Order("U-1"));
        await supervisor.CreateFlowAsync(Order("U-2"));

        // Holding a connection open makes the next save take another one, so the kept batch moves between connections.
        for (var i = 0; i < 6; i++)
        {
            await using var held = i % 2 == 0 ? await dataSource.OpenConnectionAsync() : null;
            (await supervisor.ExecuteAsync(new PostProgressUpdate("c-" + i, "U-" + (1 + (i % 2)), Seller, "Step " + i))).IsSuccess.Should().BeTrue();
        }

        (await store.ReadRecordsAsync("U-1", CancellationToken.None)).Should().HaveCount(4);
        (await store.ReadRecordsAsync("U-2", CancellationToken.None)).Should().HaveCount(4);
    }

    /// <summary>A store in a new schema of the shared server, with its supervisor and one flow placed.</summary>
    private async Task<(PostgreSqlServiceFlowStore Store, ServiceSupervisor Supervisor, string Schema)> NewStoreWithFlowAsync(string orderNumber)
    {
        var schema = PostgresServer.NewSchemaName();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        await supervisor.CreateFlowAsync(Order(orderNumber));
        return (store, supervisor, schema);
    }

    private static NewServiceFlow Order(string orderNumber) => TestOrders.Placed(orderNumber);

    private async Task<string?> TextAsync(string sql)
    {
        await using var command = server.DataSource.CreateCommand(sql);
        return (string?)await command.ExecuteScalarAsync();
    }
}
