using System.Text;
using KooGallery.Supervision.Relational;
using KooGallery.Supervision.Relational.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace KooGallery.Supervision.Sqlite.Tests;

public sealed class SqliteStoreTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EnsureSchemaAsync_CalledTwice_IsIdempotentAndRecordsTheVersion()
    {
        var file = _folder.File("twice.db");
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });

        var first = await store.EnsureSchemaAsync();
        var second = await store.EnsureSchemaAsync();

        first.Should().Be(SqliteSchema.CurrentVersion);
        second.Should().Be(SqliteSchema.CurrentVersion);
        (await ScalarAsync(file, "SELECT version FROM supervision_schema")).Should().Be((long)SqliteSchema.CurrentVersion);
        (await ScalarAsync(file, "PRAGMA journal_mode")).Should().Be("wal");
    }

    [Theory]
    [InlineData("the schema step", "wal")]
    [InlineData("a first use that may create the schema", "wal")]
    [InlineData("a first use that only checks it", "delete")]
    [InlineData("the schema step on a read-only connection", "delete")]
    public async Task A_copy_without_the_write_ahead_log_gets_it_back_where_the_schema_may_be_written(string how, string mode)
    {
        var file = _folder.File("original.db");
        var copy = _folder.File("copy.db");
        await using (var store = Open(file))
        {
            await store.EnsureSchemaAsync();
            (await Supervisor(store).CreateFlowAsync(Order("A-1"))).IsSuccess.Should().BeTrue();
        }

        // A backup made as SQLite makes them: the copy is in the rollback-journal mode, where one reader blocks a save.
        await ExecuteAsync(file, $"VACUUM INTO '{copy}'");
        SqliteConnection.ClearAllPools();
        (await ScalarAsync(copy, "PRAGMA journal_mode")).Should().Be("delete");

        var readOnly = how.Contains("read-only", StringComparison.Ordinal) ? ";Mode=ReadOnly" : string.Empty;
        await using var reopened = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={copy}{readOnly}", EnsureSchemaOnFirstUse = how.Contains("create", StringComparison.Ordinal) });
        if (how.StartsWith("the schema step", StringComparison.Ordinal))
        {
            (await reopened.EnsureSchemaAsync()).Should().Be(SqliteSchema.CurrentVersion);
        }

        // The store reads the copy in whatever mode it is left in: a check, or a connection that may not write, changes nothing.
        (await reopened.LoadAsync("A-1", CancellationToken.None)).Should().NotBeNull();
        (await ScalarAsync(copy, "PRAGMA journal_mode")).Should().Be(mode);
    }

    [Fact]
    public void A_synchronous_level_the_enum_does_not_name_is_refused_naming_the_option()
    {
        var act = () => new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={_folder.File("level.db")}", Synchronous = (SqliteSynchronous)42 });

        act.Should().Throw<ArgumentException>().WithMessage("*Synchronous*42*Full or Normal*");
    }

    [Fact]
    public async Task Operations_BeforeTheSchemaStep_FailWithSchemaMissing()
    {
        var file = _folder.File("missing.db");
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });

        var act = async () => await store.LoadAsync("ORD-1", CancellationToken.None);

        (await act.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("SchemaMissing");
    }

    [Fact]
    public async Task EnsureSchemaOnFirstUse_CreatesTheSchemaOnTheFirstCall()
    {
        var file = _folder.File("first-use.db");
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}", EnsureSchemaOnFirstUse = true });

        var flow = await store.LoadAsync("ORD-1", CancellationToken.None);

        flow.Should().BeNull();
        (await ScalarAsync(file, "SELECT version FROM supervision_schema")).Should().Be((long)SqliteSchema.CurrentVersion);
    }

    [Fact]
    public async Task EnsureSchemaAsync_FileThatIsNotSqlite_NamesTheFileAndWritesNothing()
    {
        var file = _folder.File("notes.db");
        var content = Encoding.UTF8.GetBytes("These are my notes, not a database. " + new string('x', 4000));
        await File.WriteAllBytesAsync(file, content);
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });

        var act = async () => await store.EnsureSchemaAsync();

        var error = (await act.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("NotADatabase");
        error.Message.Should().Contain(file).And.Contain("not a SQLite database");
        (await File.ReadAllBytesAsync(file)).Should().Equal(content);
    }

    [Fact]
    public async Task EnsureSchemaAsync_DatabaseOfAnotherApplication_IsRefusedAndLeftUnchanged()
    {
        var file = _folder.File("shop.db");
        await ExecuteAsync(file, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');");
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });

        var act = async () => await store.EnsureSchemaAsync();

        var error = (await act.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("ForeignDatabase");
        error.Message.Should().Contain(file).And.Contain("customers");
        (await ScalarAsync(file, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")).Should().Be(1L);
    }

    [Fact]
    public async Task EnsureSchemaAsync_SchemaNewerThanTheLibrary_IsRefusedAndNotOverwritten()
    {
        var file = _folder.File("newer.db");
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        await store.EnsureSchemaAsync();
        await ExecuteAsync(file, "UPDATE supervision_schema SET version = 99");
        var fresh = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });

        var ensure = async () => await fresh.EnsureSchemaAsync();
        var load = async () => await new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" }).LoadAsync("x", CancellationToken.None);

        (await ensure.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("SchemaTooNew");
        (await load.Should().ThrowAsync<SupervisionStoreException>()).Which.Message.Should().Contain("99");
        (await ScalarAsync(file, "SELECT version FROM supervision_schema")).Should().Be(99L);
    }

    [Fact]
    public async Task CheckSchemaAsync_ReadsTheVersionEveryTime_SoASchemaMadeNewerLaterIsRefused()
    {
        var file = _folder.File("check.db");
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        var version = await store.EnsureSchemaAsync();

        var before = await store.CheckSchemaAsync();
        await ExecuteAsync(file, "UPDATE supervision_schema SET version = 99");
        var after = async () => await store.CheckSchemaAsync();

        before.Should().Be(version);
        (await after.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("SchemaTooNew");
        (await ScalarAsync(file, "SELECT version FROM supervision_schema")).Should().Be(99L, "a check changes nothing");
    }

    [Fact]
    public async Task Records_CannotBeUpdatedOrDeleted_EvenBySql()
    {
        var file = _folder.File("append-only.db");
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        await store.EnsureSchemaAsync();
        var supervisor = new ServiceSupervisor(store, new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0)));
        await supervisor.CreateFlowAsync(Order("A-1"));

        var update = async () => await ExecuteAsync(file, "UPDATE supervision_records SET body = '{}'");
        var delete = async () => await ExecuteAsync(file, "DELETE FROM supervision_records");

        await update.Should().ThrowAsync<SqliteException>().WithMessage("*append-only*");
        await delete.Should().ThrowAsync<SqliteException>().WithMessage("*append-only*");
        (await store.ReadRecordsAsync("A-1", CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task EnsureSchemaAsync_Version1DatabaseWithData_MigratesToTheCurrentVersionKeepingEveryRow()
    {
        var file = _folder.File("v1.db");
        var data = await Version1Data.CreateAsync();
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            foreach (var statement in SqliteSchema.Migrations[0])
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync();
            }

            await data.WriteAsync(connection, transaction, string.Empty, id => id.ToString("D"));
            await transaction.CommitAsync();
        }

        var store = Open(file);
        var version = await store.EnsureSchemaAsync();

        version.Should().Be(SqliteSchema.CurrentVersion);
        (await ScalarAsync(file, "SELECT version FROM supervision_schema")).Should().Be((long)SqliteSchema.CurrentVersion);
        await data.CheckMigratedAsync(store);
        var replace = async () => await ExecuteAsync(file, "INSERT OR REPLACE INTO supervision_records SELECT order_number, sequence, at, action, '{}' FROM supervision_records");
        await replace.Should().ThrowAsync<SqliteException>().WithMessage("*append-only*");
    }

    [Fact]
    public async Task Defect_ForeignDatabaseWithOnlyViews_IsRefusedNamingTheFileAndLeftUnchanged()
    {
        var file = _folder.File("views.db");
        await ExecuteAsync(file, "CREATE VIEW shop_totals AS SELECT 42 AS total; CREATE VIEW shop_names AS SELECT 'Ada' AS name;");
        var store = Open(file);
        var onFirstUse = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}", EnsureSchemaOnFirstUse = true });

        var ensure = async () => await store.EnsureSchemaAsync();
        var load = async () => await onFirstUse.LoadAsync("ORD-1", CancellationToken.None);

        var error = (await ensure.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("ForeignDatabase");
        error.Message.Should().Contain(file).And.Contain("view shop_names");
        (await load.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("ForeignDatabase");
        (await SqliteFile.ColumnAsync(file, "SELECT type || ' ' || name FROM sqlite_master ORDER BY name")).Should().Equal("view shop_names", "view shop_totals");
    }

    [Theory]
    [InlineData("UPDATE supervision_schema SET version = 'abc'", "the text 'abc'")]
    [InlineData("UPDATE supervision_schema SET version = 1.5", "the number 1.5")]
    [InlineData("UPDATE supervision_schema SET version = 0", "the number 0")]
    [InlineData("UPDATE supervision_schema SET version = 'abcdefghijabcdefghijabcdefghijabcdefghij'", "the text 'abcdefghijabcdefghijabcdefghijabcdefghij'")]
    [InlineData("UPDATE supervision_schema SET version = 'abcdefghijabcdefghijabcdefghijabcdefghijK'", "the text 'abcdefghijabcdefghijabcdefghijabcdefghij…'")]
    [InlineData("DELETE FROM supervision_schema", "missing")]
    [InlineData("DROP TABLE supervision_schema; CREATE TABLE supervision_schema (id INTEGER PRIMARY KEY, version TEXT NOT NULL, library TEXT NOT NULL); INSERT INTO supervision_schema VALUES (1, '1.0', 'x')", "the text '1.0'")]
    public async Task Defect_SchemaVersionThatIsNotAWholeNumber_IsRefusedNamingTheFileAndWhatWasFound(string damage, string found)
    {
        var (_, file) = await NewStoreAsync("damaged.db");
        await ExecuteAsync(file, damage);
        var before = await SqliteFile.ColumnAsync(file, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name");

        var ensure = async () => await Open(file).EnsureSchemaAsync();
        var load = async () => await Open(file).LoadAsync("ORD-1", CancellationToken.None);

        var error = (await ensure.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("SchemaDamaged");
        error.Message.Should().Contain(file).And.Contain(found);
        (await load.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("SchemaDamaged");
        (await SqliteFile.ColumnAsync(file, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")).Should().Equal(before);
    }

    [Fact]
    public async Task Defect_InsertOrReplace_CannotRewriteARecordOrACommandOutcome()
    {
        var (store, file) = await NewStoreAsync("replace.db");
        var supervisor = Supervisor(store);
        await supervisor.CreateFlowAsync(Order("A-2"));
        var outcome = (await supervisor.ExecuteAsync(new SubmitRequest("cmd-a2", "A-2", Actor.Buyer("buyer"), "text"))).Value;
        var records = (await store.ReadRecordsAsync("A-2", CancellationToken.None)).Select(SupervisionStorageFormat.Record.Serialize).ToList();

        // REPLACE deletes the old row without firing delete triggers; upserts update; both are refused.
        string[] rewrites =
        [
            "INSERT OR REPLACE INTO supervision_records (order_number, sequence, at, action, body) SELECT order_number, sequence, at, action, '{}' FROM supervision_records",
            "REPLACE INTO supervision_records (order_number, sequence, at, action, body) SELECT order_number, sequence, at, action, '{}' FROM supervision_records",
            "INSERT INTO supervision_records (order_number, sequence, at, action, body) SELECT order_number, sequence, at, action, '{}' FROM supervision_records WHERE true ON CONFLICT DO UPDATE SET body = excluded.body",
            "INSERT OR REPLACE INTO supervision_commands (order_number, command_id, outcome) SELECT order_number, command_id, '{}' FROM supervision_commands",
            "INSERT INTO supervision_commands (order_number, command_id, outcome) SELECT order_number, command_id, '{}' FROM supervision_commands WHERE true ON CONFLICT DO UPDATE SET outcome = excluded.outcome",
            "UPDATE supervision_commands SET outcome = '{}'",
            "DELETE FROM supervision_commands",
        ];

        foreach (var sql in rewrites)
        {
            var rewrite = async () => await ExecuteAsync(file, sql);
            await rewrite.Should().ThrowAsync<SqliteException>(sql).WithMessage("*append-only*", sql);
        }

        (await store.ReadRecordsAsync("A-2", CancellationToken.None)).Select(SupervisionStorageFormat.Record.Serialize).Should().Equal(records).And.HaveCount(2);
        (await store.FindCommandOutcomeAsync("A-2", "cmd-a2", CancellationToken.None)).Should().Be(outcome);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(1_000)]
    [InlineData(1_001)]
    public async Task MarkEventsDeliveredAsync_ManyIds_MarksThoseThatArePendingInStatementsOfAtMostFiveHundred(int count)
    {
        var (store, file) = await NewStoreAsync("marked.db");
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start), new ServiceSupervisionOptions { DispatchEventsInline = false });
        await supervisor.CreateFlowAsync(Order("M-1"));
        await supervisor.ExecuteAsync(new SubmitRequest("cmd-m1", "M-1", Actor.Buyer("buyer"), "text"));
        var pending = await store.ReadPendingEventsAsync(Start, 10, CancellationToken.None);
        var ids = Enumerable.Range(0, count - pending.Count).Select(_ => Guid.NewGuid()).Concat(pending.Select(e => e.Id)).ToList();

        await store.MarkEventsDeliveredAsync(ids, CancellationToken.None);

        pending.Should().NotBeEmpty();
        (await store.ReadPendingEventsAsync(Start, 10, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Defect_ReadOnlyDatabase_FailsWithTheStoreErrorNamingTheFile()
    {
        var (writable, file) = await NewStoreAsync("read-only.db");
        await Supervisor(writable).CreateFlowAsync(Order("RO-1"));
        var store = Open(file, ";Mode=ReadOnly");

        var create = async () => await Supervisor(store).CreateFlowAsync(Order("RO-2"));
        var park = async () => await store.ParkTimersAsync("RO-1", _ => Instant.MaxValue, CancellationToken.None);
        var mark = async () => await store.MarkEventsDeliveredAsync([Guid.NewGuid()], CancellationToken.None);

        await ExpectReadOnlyErrorAsync(create, file);
        await ExpectReadOnlyErrorAsync(park, file);
        await ExpectReadOnlyErrorAsync(mark, file);
        (await store.LoadAsync("RO-1", CancellationToken.None)).Should().NotBeNull("reading a read-only database works");
        (await writable.LoadAsync("RO-2", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task ReadPendingEvents_Behind25000DeferredEvents_IsServedByTheIndexAlone()
    {
        var (store, file) = await NewStoreAsync("deferred.db");
        await ExecuteAsync(file, $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000)
            INSERT INTO supervision_outbox (event_id, order_number, body, due_at, attempts)
            SELECT printf('deferred-%05d', i), 'X-' || i, 'never read before its retry', {RelationalFlowColumns.Nanos(Start + Duration.FromHours(1))} + i, 3 FROM n;
            ANALYZE;
            """);
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start), new ServiceSupervisionOptions { DispatchEventsInline = false }, [new FailingHandler()]);
        await supervisor.CreateFlowAsync(Order("FRESH-1"));
        await supervisor.ExecuteAsync(new SubmitRequest("fresh-s", "FRESH-1", Actor.Buyer("buyer"), "text"));

        var pending = await store.ReadPendingEventsAsync(Start, 10, CancellationToken.None);
        var plan = await SqliteFile.ColumnAsync(file, "EXPLAIN QUERY PLAN " + SqliteServiceFlowStore.ReadPendingSql,
            ("@now", RelationalFlowColumns.Nanos(Start)), ("@limit", 10));

        pending.Should().ContainSingle().Which.OrderNumber.Should().Be("FRESH-1");
        plan.Should().ContainSingle().Which.Should().Contain("USING INDEX ix_supervision_outbox_due");
        plan.Should().NotContain(line => line.Contains("TEMP B-TREE", StringComparison.Ordinal), "the index gives the order, so nothing is sorted");
    }

    [Fact]
    public async Task Search_UnderAppealAmong20000OtherFlows_IsServedByThePartialIndexInPlacementOrder()
    {
        var (store, file) = await NewStoreAsync("under-appeal.db");
        var supervisor = new ServiceSupervisor(store, new FakeClock(Start), new ServiceSupervisionOptions { DispatchEventsInline = false }, []);
        foreach (var order in new[] { "APPEAL-2", "APPEAL-1" })
        {
            await supervisor.CreateFlowAsync(Order(order) with { PlacedAt = order == "APPEAL-1" ? Start - Duration.FromDays(2) : Start - Duration.FromDays(1) });
            (await supervisor.ExecuteAsync(new OpenAppeal(order + "-a", order, Actor.Seller("seller"), "The buyer went silent.", []))).IsSuccess.Should().BeTrue();
        }

        await ExecuteAsync(file, $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
            INSERT INTO supervision_flows (order_number, version, buyer_id, seller_id, product_id, stage, status, placed_at, waiting_on, under_appeal, state)
            SELECT printf('OTHER-%05d', i), 1, 'b' || i, 's' || i, 'p', 0, 0, {RelationalFlowColumns.Nanos(Start - Duration.FromDays(30))} + i, 0, 0, 'never read' FROM n;
            ANALYZE;
            """);
        var query = new FlowQuery { UnderAppeal = true, PageSize = 10 };
        var (sql, parameters) = SqliteServiceFlowStore.SearchStatement(query, Start);

        var page = await supervisor.SearchAsync(query, Actor.OperationsManager("ops"));
        var plan = await SqliteFile.ColumnAsync(file, "EXPLAIN QUERY PLAN " + sql, parameters.ConvertAll(p => (p.Key, p.Value)).ToArray());

        page.GetValueOrThrow().Items.Select(flow => flow.OrderNumber).Should().Equal("APPEAL-1", "APPEAL-2");
        plan.Should().ContainSingle().Which.Should().Contain("USING INDEX ix_supervision_flows_under_appeal", string.Join("\n", plan));
        plan.Should().NotContain(line => line.Contains("TEMP B-TREE", StringComparison.Ordinal), "the index gives the order, so nothing is sorted");
    }

    [Fact]
    public async Task Open_PooledConnectionsSharedByStoresWithOtherSettings_AlwaysRunWithTheOpeningStoresPragmas()
    {
        var file = _folder.File("pragmas.db");
        var full = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        var normal = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}", Synchronous = SqliteSynchronous.Normal });
        await full.EnsureSchemaAsync();

        var seen = new List<(string Store, long Synchronous, long ForeignKeys)>();
        foreach (var (name, store) in new[] { ("full", full), ("full", full), ("normal", normal), ("normal", normal), ("full", full), ("normal", normal) })
        {
            await using var connection = await store.OpenConnectionAsync();
            seen.Add((name, await PragmaAsync(connection, "synchronous"), await PragmaAsync(connection, "foreign_keys")));
        }

        seen.Should().Equal(("full", 2L, 1L), ("full", 2L, 1L), ("normal", 1L, 1L), ("normal", 1L, 1L), ("full", 2L, 1L), ("normal", 1L, 1L));

        static async Task<long> PragmaAsync(System.Data.Common.DbConnection connection, string name)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA " + name;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public async Task UseSqlite_Registration_KeepsFlowsAcrossServiceProviders()
    {
        var file = _folder.File("registered.db");
        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0));

        await using (var first = Provider(file, clock))
        {
            (await first.EnsureServiceSupervisionSchemaAsync()).Should().Be(SqliteSchema.CurrentVersion);
            (await first.GetRequiredService<ServiceSupervisor>().CreateFlowAsync(Order("P-1"))).IsSuccess.Should().BeTrue();
        }

        await using var second = Provider(file, clock);
        var view = await second.GetRequiredService<ServiceSupervisor>().GetViewAsync("P-1", Actor.OperationsManager("ops"));

        second.GetRequiredService<IServiceFlowStore>().Should().BeOfType<SqliteServiceFlowStore>();
        view.IsSuccess.Should().BeTrue();
        view.Value.Records.Should().ContainSingle().Which.Action.Should().Be(SupervisionAction.CreateFlow);
    }

    private static async Task ExpectReadOnlyErrorAsync(Func<Task> act, string file)
    {
        var error = (await act.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Message.Should().Contain(file).And.Contain("readonly");
        error.InnerException.Should().BeOfType<SqliteException>();
    }

    private static SqliteServiceFlowStore Open(string file, string more = "") => new(new SqliteStoreOptions { ConnectionString = $"Data Source={file}{more}" });

    private static ServiceSupervisor Supervisor(IServiceFlowStore store, params ISupervisionEventHandler[] handlers) => new(store, new FakeClock(Start), handlers: handlers);

    private async Task<(SqliteServiceFlowStore Store, string File)> NewStoreAsync(string name)
    {
        var file = _folder.File(name);
        var store = Open(file);
        await store.EnsureSchemaAsync();
        return (store, file);
    }

    private static ServiceProvider Provider(string file, NodaTime.IClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddServiceSupervision().UseSqlite($"Data Source={file}");
        return services.BuildServiceProvider();
    }

    private static NewServiceFlow Order(string orderNumber) => TestOrders.Placed(orderNumber, ProductKind.ProfessionalService);

    private static Task ExecuteAsync(string file, string sql) => SqliteFile.ExecuteAsync(file, sql);

    private static Task<object?> ScalarAsync(string file, string sql) => SqliteFile.ScalarAsync(file, sql);
}
