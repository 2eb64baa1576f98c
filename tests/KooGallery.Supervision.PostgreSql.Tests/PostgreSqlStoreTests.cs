using KooGallery.Supervision.Relational;
using KooGallery.Supervision.Relational.Tests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime.Testing;

namespace KooGallery.Supervision.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgresServer server)
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);

    [Fact]
    public async Task EnsureSchemaAsync_CalledTwiceAndFromTwoNodesAtOnce_IsIdempotent()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await using var other = server.NewDataSource();
        var first = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        var second = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = other, Schema = schema });

        var versions = await Task.WhenAll(first.EnsureSchemaAsync().AsTask(), second.EnsureSchemaAsync().AsTask());
        var again = await first.EnsureSchemaAsync();

        versions.Should().Equal(PostgreSqlSchema.CurrentVersion, PostgreSqlSchema.CurrentVersion);
        again.Should().Be(PostgreSqlSchema.CurrentVersion);
        (await ScalarAsync($"SELECT version FROM \"{schema}\".supervision_schema")).Should().Be(PostgreSqlSchema.CurrentVersion);
    }

    [Fact]
    public async Task Operations_BeforeTheSchemaStep_FailWithSchemaMissing()
    {
        server.SkipWhenUnavailable();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = PostgresServer.NewSchemaName() });

        var act = async () => await store.LoadAsync("ORD-1", CancellationToken.None);

        (await act.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("SchemaMissing");
    }

    [Fact]
    public async Task EnsureSchemaAsync_SchemaNewerThanTheLibrary_IsRefusedAndNotOverwritten()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema }).EnsureSchemaAsync();
        await ExecuteAsync($"UPDATE \"{schema}\".supervision_schema SET version = 42");
        var fresh = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });

        var act = async () => await fresh.EnsureSchemaAsync();

        var error = (await act.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("SchemaTooNew");
        error.Message.Should().Contain("42");
        (await ScalarAsync($"SELECT version FROM \"{schema}\".supervision_schema")).Should().Be(42);
    }

    [Fact]
    public async Task EnsureSchemaAsync_TablesOfAnotherApplicationWithOurNames_AreRefusedAndLeftUnchanged()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await ExecuteAsync($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".supervision_flows (id INT); INSERT INTO \"{schema}\".supervision_flows VALUES (7);");
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });

        var act = async () => await store.EnsureSchemaAsync();

        (await act.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("ForeignDatabase");
        (await ScalarAsync($"SELECT COUNT(*)::int FROM information_schema.tables WHERE table_schema = '{schema}'")).Should().Be(1);
    }

    [Fact]
    public async Task Connect_ToAPortWhereNoServerListens_SaysHostAndPortButNeverThePassword()
    {
        var port = FreePort();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=shop;Password=s3cret-pw;Database=market;Timeout=3",
        });

        var act = async () => await store.EnsureSchemaAsync();

        var error = (await act.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("ConnectionFailed");
        error.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("market").And.NotContain("s3cret-pw");
        store.Target.Should().NotContain("s3cret-pw");
    }

    [Fact]
    public async Task Records_CannotBeUpdatedOrDeleted_EvenBySql()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        await new ServiceSupervisor(store, new FakeClock(Start)).CreateFlowAsync(Order("A-1"));

        var update = async () => await ExecuteAsync($"UPDATE \"{schema}\".supervision_records SET body = '{{}}'");
        var delete = async () => await ExecuteAsync($"DELETE FROM \"{schema}\".supervision_records");

        await update.Should().ThrowAsync<PostgresException>().WithMessage("*append-only*");
        await delete.Should().ThrowAsync<PostgresException>().WithMessage("*append-only*");
        (await store.ReadRecordsAsync("A-1", CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task EnsureSchemaAsync_Version1SchemaWithData_MigratesToTheCurrentVersionKeepingEveryRow()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var quoted = $"\"{schema}\"";
        var data = await Version1Data.CreateAsync();
        await using (var connection = await server.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var statement in PostgreSqlSchema.Migrations[0].Prepend("CREATE SCHEMA {0}"))
            {
                await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, statement, quoted), connection, transaction);
                await command.ExecuteNonQueryAsync();
            }

            await data.WriteAsync(connection, transaction, quoted + ".", id => id);
            await transaction.CommitAsync();
        }

        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        var version = await store.EnsureSchemaAsync();

        version.Should().Be(PostgreSqlSchema.CurrentVersion);
        (await ScalarAsync($"SELECT version FROM {quoted}.supervision_schema")).Should().Be(PostgreSqlSchema.CurrentVersion);
        await data.CheckMigratedAsync(store);
        var truncate = async () => await ExecuteAsync($"TRUNCATE {quoted}.supervision_records");
        await truncate.Should().ThrowAsync<PostgresException>().WithMessage("*append-only*");
    }

    [Fact]
    public async Task Defect_Truncate_CannotRemoveRecordsOrCommandOutcomes()
    {
        var (store, schema) = await NewStoreAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        await supervisor.CreateFlowAsync(Order("A-2"));
        var outcome = (await supervisor.ExecuteAsync(new SubmitRequest("cmd-a2", "A-2", Actor.Buyer("buyer"), "text"))).Value;
        var records = (await store.ReadRecordsAsync("A-2", CancellationToken.None)).Select(SupervisionStorageFormat.Record.Serialize).ToList();
        var t = $"\"{schema}\"";

        // TRUNCATE fires no row triggers; upserts update. Each is refused, alone or beside another table.
        string[] rewrites =
        [
            $"TRUNCATE {t}.supervision_records",
            $"TRUNCATE {t}.supervision_flows, {t}.supervision_records",
            $"TRUNCATE {t}.supervision_commands",
            $"INSERT INTO {t}.supervision_records (order_number, sequence, at, action, body) SELECT order_number, sequence, at, action, '{{}}' FROM {t}.supervision_records ON CONFLICT (order_number, sequence) DO UPDATE SET body = excluded.body",
            $"INSERT INTO {t}.supervision_commands (order_number, command_id, outcome) SELECT order_number, command_id, '{{}}' FROM {t}.supervision_commands ON CONFLICT (order_number, command_id) DO UPDATE SET outcome = excluded.outcome",
            $"UPDATE {t}.supervision_commands SET outcome = '{{}}'",
            $"DELETE FROM {t}.supervision_commands",
        ];

        foreach (var sql in rewrites)
        {
            var rewrite = async () => await ExecuteAsync(sql);
            await rewrite.Should().ThrowAsync<PostgresException>(sql).WithMessage("*append-only*", sql);
        }

        (await store.ReadRecordsAsync("A-2", CancellationToken.None)).Select(SupervisionStorageFormat.Record.Serialize).Should().Equal(records).And.HaveCount(2);
        (await store.FindCommandOutcomeAsync("A-2", "cmd-a2", CancellationToken.None)).Should().Be(outcome);
        (await store.LoadAsync("A-2", CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public async Task Defect_ReadOnlyDatabase_FailsWithTheStoreErrorNamingTheServerButNeverThePassword()
    {
        var (writable, schema) = await NewStoreAsync();
        await new ServiceSupervisor(writable, new FakeClock(Start)).CreateFlowAsync(Order("RO-1"));
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Options = "-c default_transaction_read_only=on", Password = "s3cret-pw" };
        await using var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { ConnectionString = builder.ConnectionString, Schema = schema });

        var create = async () => await new ServiceSupervisor(store, new FakeClock(Start)).CreateFlowAsync(Order("RO-2"));
        var park = async () => await store.ParkTimersAsync("RO-1", _ => Instant.MaxValue, CancellationToken.None);
        var find = async () => await store.FindDueAsync(Start + Duration.FromDays(400), 10, CancellationToken.None);

        foreach (var act in new Func<Task>[] { create, park, find })
        {
            var error = (await act.Should().ThrowAsync<SupervisionStoreException>()).Which;
            error.Reason.Should().Be("Unusable");
            error.Message.Should().Contain($"{builder.Host}:{builder.Port}").And.Contain(builder.Database).And.Contain("read-only").And.NotContain("s3cret-pw");
            error.InnerException.Should().BeOfType<PostgresException>().Which.SqlState.Should().Be("25006");
        }

        (await store.LoadAsync("RO-1", CancellationToken.None)).Should().NotBeNull("reading a read-only database works");
        (await writable.LoadAsync("RO-2", CancellationToken.None)).Should().BeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(300_001)]
    [InlineData(-60_000)]
    public void TimerClaim_OutsideOneSecondToFiveMinutes_IsRefused(long milliseconds)
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = "Host=127.0.0.1;Database=market", TimerClaim = Duration.FromMilliseconds(milliseconds) };

        var build = () => new PostgreSqlServiceFlowStore(options);

        build.Should().Throw<ArgumentException>().WithMessage("*timer claim*range*");
    }

    [Fact]
    public async Task FindDue_ClaimOfASweepThatStopped_LapsesExactlyAfterTheLease()
    {
        var (store, _) = await NewStoreAsync(PostgreSqlStoreOptions.MinTimerClaim);
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start));
        for (var i = 0; i < 3; i++)
        {
            await supervisor.CreateFlowAsync(Order($"L-{i}", ProductKind.License));
        }

        // A search or sweep that claims the flows and then stops (cancelled, crashed) handles none of them.
        var now = Start + Duration.FromDays(6);
        var claimed = await store.FindDueAsync(now, 10, CancellationToken.None);
        var withinLease = await store.FindDueAsync(now + Duration.FromSeconds(1) - Duration.FromNanoseconds(1), 10, CancellationToken.None);
        var afterLease = await store.FindDueAsync(now + Duration.FromSeconds(1), 10, CancellationToken.None);

        claimed.Should().Equal("L-0", "L-1", "L-2");
        withinLease.Should().BeEmpty();
        afterLease.Should().Equal("L-0", "L-1", "L-2");
    }

    [Fact]
    public async Task ReadPendingEvents_Behind25000DeferredEvents_IsServedByTheIndexAlone()
    {
        var (store, schema) = await NewStoreAsync();
        await ExecuteAsync($"""
            INSERT INTO "{schema}".supervision_outbox (event_id, order_number, body, due_at, attempts)
            SELECT gen_random_uuid(), 'X-' || i, 'never read before its retry', {RelationalFlowColumns.Nanos(Start + Duration.FromHours(1))} + i, 3
            FROM generate_series(1, 25000) AS i;
            ANALYZE "{schema}".supervision_outbox;
            """);
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start), new ServiceSupervisionOptions { DispatchEventsInline = false }, [new FailingHandler()]);
        await supervisor.CreateFlowAsync(Order("FRESH-1"));
        await supervisor.ExecuteAsync(new SubmitRequest("fresh-s", "FRESH-1", Actor.Buyer("buyer"), "text"));

        var pending = await store.ReadPendingEventsAsync(Start, 10, CancellationToken.None);
        var plan = new List<string>();
        await using (var explain = server.DataSource.CreateCommand("EXPLAIN " + store.ReadPendingSql))
        {
            explain.Parameters.AddWithValue("now", RelationalFlowColumns.Nanos(Start));
            explain.Parameters.AddWithValue("limit", 10);
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        pending.Should().ContainSingle().Which.OrderNumber.Should().Be("FRESH-1");
        plan.Should().Contain(line => line.Contains("Index Scan using ix_supervision_outbox_due", StringComparison.Ordinal), string.Join("\n", plan));
        plan.Should().NotContain(line => line.Contains("Sort", StringComparison.Ordinal), "the index gives the order, so nothing is sorted");
    }

    [Fact]
    public async Task Search_UnderAppealAmong20000OtherFlows_IsServedByThePartialIndexInPlacementOrder()
    {
        var (store, schema) = await NewStoreAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start), new ServiceSupervisionOptions { DispatchEventsInline = false }, []);
        foreach (var order in new[] { "APPEAL-2", "APPEAL-1" })
        {
            await supervisor.CreateFlowAsync(Order(order) with { PlacedAt = order == "APPEAL-1" ? Start - Duration.FromDays(2) : Start - Duration.FromDays(1) });
            (await supervisor.ExecuteAsync(new OpenAppeal(order + "-a", order, Actor.Seller("seller"), "The buyer went silent.", []))).IsSuccess.Should().BeTrue();
        }

        await ExecuteAsync($"""
            INSERT INTO "{schema}".supervision_flows (order_number, version, buyer_id, seller_id, product_id, stage, status, placed_at, waiting_on, under_appeal, state)
            SELECT 'OTHER-' || lpad(i::text, 5, '0'), 1, 'b' || i, 's' || i, 'p', 0, 0, {RelationalFlowColumns.Nanos(Start - Duration.FromDays(30))} + i, 0, FALSE, 'never read'
            FROM generate_series(1, 20000) AS i;
            ANALYZE "{schema}".supervision_flows;
            """);
        var query = new FlowQuery { UnderAppeal = true, PageSize = 10 };
        var (sql, parameters) = store.SearchStatement(query, Start);

        var page = await supervisor.SearchAsync(query, Actor.OperationsManager("ops"));
        var plan = new List<string>();
        await using (var explain = server.DataSource.CreateCommand("EXPLAIN " + sql))
        {
            foreach (var (name, value) in parameters)
            {
                explain.Parameters.AddWithValue(name.TrimStart('@'), value);
            }

            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        page.GetValueOrThrow().Items.Select(flow => flow.OrderNumber).Should().Equal("APPEAL-1", "APPEAL-2");
        plan.Should().Contain(line => line.Contains("Index Scan using ix_supervision_flows_under_appeal", StringComparison.Ordinal), string.Join("\n", plan));
        plan.Should().NotContain(line => line.Contains("Sort", StringComparison.Ordinal) || line.Contains("Seq Scan", StringComparison.Ordinal), "the partial index gives the rows in order");
    }

    [Fact]
    public async Task FindDue_TwoNodesAtOnce_ClaimDisjointFlows()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await using var other = server.NewDataSource();
        var first = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        var second = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = other, Schema = schema });
        await first.EnsureSchemaAsync();
        var clock = new FakeClock(Start);
        var supervisor = new ServiceSupervisor(first, clock);
        for (var i = 0; i < 40; i++)
        {
            await supervisor.CreateFlowAsync(Order($"F-{i:00}", ProductKind.License));
        }

        var now = Start + Duration.FromDays(6);
        var claims = await Task.WhenAll(first.FindDueAsync(now, 25, CancellationToken.None).AsTask(), second.FindDueAsync(now, 25, CancellationToken.None).AsTask());
        var third = await first.FindDueAsync(now, 25, CancellationToken.None);
        var afterClaim = await first.FindDueAsync(now + Duration.FromMinutes(2), 100, CancellationToken.None);

        claims[0].Intersect(claims[1]).Should().BeEmpty("a flow claimed by one node is skipped by the other");
        claims[0].Concat(claims[1]).Concat(third).Should().OnlyHaveUniqueItems().And.HaveCount(40);
        afterClaim.Should().HaveCount(40, "claims end after their lease");
    }

    [Fact]
    public async Task Sweeps_OnTwoNodesAtOnce_ApplyEveryTimerOnce()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var clock = new FakeClock(Start);
        var handlers = new[] { new CountingHandler(), new CountingHandler() };
        await using var first = Provider(schema, clock, handlers[0]);
        await using var second = Provider(schema, clock, handlers[1]);
        await first.EnsureServiceSupervisionSchemaAsync();
        var supervisor = first.GetRequiredService<ServiceSupervisor>();
        for (var i = 0; i < 30; i++)
        {
            var order = $"W-{i:00}";
            await supervisor.CreateFlowAsync(Order(order, ProductKind.License));
            (await supervisor.ExecuteAsync(new Deliver(order + "-d", order, Actor.Seller("seller"), new ProofReference("SOW", "https://f.example/s"), new ProofReference("Acc", "https://f.example/a")))).IsSuccess.Should().BeTrue();
            (await supervisor.ExecuteAsync(new AcceptDelivery(order + "-a", order, Actor.Buyer("buyer")))).IsSuccess.Should().BeTrue();
        }

        clock.Advance(Duration.FromHours(3));
        handlers[0].Clear();
        handlers[1].Clear();

        var sweeps = await Task.WhenAll(
            first.GetRequiredService<ServiceSupervisor>().ApplyDueTimersAsync().AsTask(),
            second.GetRequiredService<ServiceSupervisor>().ApplyDueTimersAsync().AsTask());

        sweeps.Sum(s => s.FlowsUpdated).Should().Be(30);
        // Delivery is at least once: both nodes may hand out one event, but each flow raised exactly one.
        var completed = handlers.SelectMany(h => h.Events).Where(e => e.Kind == SupervisionEventKind.Completed).DistinctBy(e => e.Id).ToList();
        completed.Select(e => e.OrderNumber).Should().OnlyHaveUniqueItems().And.HaveCount(30);
        (await ScalarAsync($"SELECT COUNT(*)::int FROM \"{schema}\".supervision_records WHERE action = 'CompleteOnSchedule'")).Should().Be(30);
    }

    /// <summary>A store on a new schema of its own, the schema in place; skips the test when no server runs.</summary>
    private async Task<(PostgreSqlServiceFlowStore Store, string Schema)> NewStoreAsync(Duration? timerClaim = null)
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var options = new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema };
        options.TimerClaim = timerClaim ?? options.TimerClaim;
        var store = new PostgreSqlServiceFlowStore(options);
        await store.EnsureSchemaAsync();
        return (store, schema);
    }

    private ServiceProvider Provider(string schema, NodaTime.IClock clock, CountingHandler handler)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<ISupervisionEventHandler>(handler);
        services.AddServiceSupervision().UsePostgreSql(options =>
        {
            options.ConnectionString = server.ConnectionString;
            options.Schema = schema;
        });
        return services.BuildServiceProvider();
    }

    private static NewServiceFlow Order(string orderNumber, ProductKind kind = ProductKind.ProfessionalService) =>
        TestOrders.Placed(orderNumber, kind, placedAt: Start - Duration.FromHours(1));

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = server.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = server.DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private sealed class CountingHandler : ISupervisionEventHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<SupervisionEvent> _events = new();

        public IReadOnlyCollection<SupervisionEvent> Events => _events;

        public void Clear() => _events.Clear();

        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            _events.Enqueue(supervisionEvent);
            return ValueTask.CompletedTask;
        }
    }
}
