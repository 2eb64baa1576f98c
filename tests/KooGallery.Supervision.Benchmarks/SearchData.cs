using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using KooGallery.Supervision;
using KooGallery.Supervision.PostgreSql;
using KooGallery.Supervision.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using NodaTime.Text;
using Npgsql;
using NpgsqlTypes;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// The data set of <see cref="SearchBenchmarks"/>: N flows in the store's own tables, loaded by direct SQL
/// (SQLite: prepared inserts in large transactions; PostgreSQL: binary COPY), each row written as the store
/// writes it: the state column by <see cref="SupervisionStorageFormat.Flow"/>, the indexed columns
/// computed from the flow as src/Shared/Relational/RelationalFlowColumns.cs computes them, and the flow's
/// operation records by <see cref="SupervisionStorageFormat.Record"/>.
/// </summary>
/// <remarks>
/// <para>Every flow is a copy of a template flow driven by a real supervisor (in-memory store, fake clock) to
/// the state it stands for, with its own order number, parties and placement instant. The clock's now is
/// <see cref="Now"/>; every template's timers were applied by a sweep at that instant, so no timer is due and a
/// search's catch-up of due timers finds nothing.</para>
/// <para>The result sets the benchmarks read are the same in every data set, whatever N: the probe buyer has
/// 100 flows waiting on it and 50 that are not, the probe seller 550 flows, 100 flows are stalled, 100 are under
/// appeal (the appeal queue), and one flow is viewed. They are spread evenly through the placement order among
/// the other flows (the filler: 80% completed, 10% in service, 10% awaiting the buyer's request, of about
/// 10,000 buyers and sellers, none stalled or under appeal). So a query whose cost follows its result costs
/// the same among 1,000 flows as among 1,000,000, and one that reads the filler grows with N.</para>
/// <para>A data set is loaded once and kept: SQLite in a file under the temp folder, PostgreSQL in a schema
/// of the server named by KOOGALLERY_SUPERVISION_POSTGRES; a marker (a file beside the database, a comment
/// on the schema) names the data set, and a data set without it is loaded again.</para>
/// </remarks>
internal static class SearchData
{
    public const int PageSize = 50;
    public const string ProbeBuyer = "probe-buyer";
    public const string ProbeSeller = "probe-seller";
    public const string ViewBuyer = "view-buyer";
    public const int BuyerWaiting = 100;
    public const int BuyerNotWaiting = 50;
    public const int SellerFlows = 550;
    public const int Stalled = 100;
    public const int UnderAppeal = 100;

    /// <summary>The clock's now in every data set: six days after the first templates were created.</summary>
    public static readonly Instant Now = Stories.Start + Duration.FromDays(6);

    /// <summary>The placement instant of the flow at position 0; the flow at position p was placed p seconds later.</summary>
    public static readonly Instant FirstPlacement = Stories.Start - Duration.FromDays(20);

    public static readonly Actor Buyer = Actor.Buyer(ProbeBuyer);
    public static readonly Actor Seller = Actor.Seller(ProbeSeller);
    public static readonly Actor Viewer = Actor.Buyer(ViewBuyer);
    public static readonly Actor Operations = Actor.OperationsManager("ops");

    /// <summary>Changes whenever the data set's definition changes, so an older data set is loaded again.</summary>
    private const string Definition = "search-data v1";

    private static readonly Lazy<Templates> Shapes = new(() => BuildTemplatesAsync().GetAwaiter().GetResult());

    /// <summary>The kinds of flow in a data set.</summary>
    public enum Kind
    {
        FillerCompleted,
        FillerInService,
        FillerAwaitingRequest,
        BuyerWaitingAwaitingRequest,
        BuyerWaitingDelivered,
        BuyerNotWaiting,
        SellerInService,
        SellerDelivered,
        SellerCompleted,
        Stalled,
        UnderAppeal,
        View,
    }

    public static string PostgresConnectionString => Environment.GetEnvironmentVariable("KOOGALLERY_SUPERVISION_POSTGRES") ?? string.Empty;

    public static bool PostgresConfigured => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public static string Folder => Path.Combine(Path.GetTempPath(), "koogallery-search");

    public static string SqliteFile(int flows) => Path.Combine(Folder, $"search-{flows}.db");

    public static string PostgresSchema(int flows) => $"search_{flows}";

    /// <summary>The order number of the flow at position <paramref name="position"/>.</summary>
    public static string OrderNumber(int position) => "F" + position.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The order number of the viewed flow of a data set of <paramref name="flows"/> flows.</summary>
    public static string ViewOrder(int flows) => OrderNumber(Layout(flows).First(p => p.Kind == Kind.View).Position);

    /// <summary>A store over the SQLite data set of <paramref name="flows"/> flows, loading it first when missing.</summary>
    public static async Task<SqliteServiceFlowStore> OpenSqliteAsync(int flows)
    {
        await EnsureSqliteAsync(flows);
        return new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={SqliteFile(flows)}" });
    }

    /// <summary>A store over the PostgreSQL data set of <paramref name="flows"/> flows, loading it first when missing.</summary>
    public static async Task<PostgreSqlServiceFlowStore> OpenPostgresAsync(NpgsqlDataSource dataSource, int flows)
    {
        await EnsurePostgresAsync(dataSource, flows);
        return new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = PostgresSchema(flows) });
    }

    /// <summary>Where each kind of flow goes: the probe flows evenly spread (in a fixed random order), the filler between them.</summary>
    public static IEnumerable<(int Position, Kind Kind)> Layout(int flows)
    {
        var probes = new List<Kind>();
        for (var i = 0; i < BuyerWaiting; i++)
        {
            probes.Add(i % 2 == 0 ? Kind.BuyerWaitingAwaitingRequest : Kind.BuyerWaitingDelivered);
        }

        probes.AddRange(Enumerable.Repeat(Kind.BuyerNotWaiting, BuyerNotWaiting));
        for (var i = 0; i < SellerFlows; i++)
        {
            probes.Add((i % 3) switch { 0 => Kind.SellerInService, 1 => Kind.SellerDelivered, _ => Kind.SellerCompleted });
        }

        probes.AddRange(Enumerable.Repeat(Kind.Stalled, Stalled));
        probes.AddRange(Enumerable.Repeat(Kind.UnderAppeal, UnderAppeal));
        probes.Add(Kind.View);
        if (flows < probes.Count + 50)
        {
            throw new ArgumentOutOfRangeException(nameof(flows), $"A data set needs at least {probes.Count + 50} flows.");
        }

        var random = new Random(20261128);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(probes));
        var next = 0;
        for (var position = 0; position < flows; position++)
        {
            var probeAt = next < probes.Count ? (int)((next + 0.5) * flows / probes.Count) : -1;
            if (position == probeAt)
            {
                yield return (position, probes[next++]);
            }
            else
            {
                // The filler: 80% completed, 10% in service (waiting on the seller), 10% awaiting the request (on the buyer).
                var bucket = (int)((uint)(position * 2654435761u) % 10);
                yield return (position, bucket < 8 ? Kind.FillerCompleted : bucket == 8 ? Kind.FillerInService : Kind.FillerAwaitingRequest);
            }
        }
    }

    /// <summary>The flow and records of one position, as the store would hold them.</summary>
    public static (ServiceFlow Flow, IReadOnlyList<OperationRecord> Records) Row(int position, Kind kind)
    {
        var templates = Shapes.Value;
        var (template, records) = templates.Of(kind);
        var flow = template.Copy();
        flow.OrderNumber = OrderNumber(position);
        flow.PlacedAt = FirstPlacement + Duration.FromSeconds(position);
        (flow.BuyerId, flow.SellerId) = kind switch
        {
            Kind.BuyerWaitingAwaitingRequest or Kind.BuyerWaitingDelivered or Kind.BuyerNotWaiting => (ProbeBuyer, FillerSeller(position)),
            Kind.SellerInService or Kind.SellerDelivered or Kind.SellerCompleted => (FillerBuyer(position), ProbeSeller),
            Kind.View => (ViewBuyer, FillerSeller(position)),
            _ => (FillerBuyer(position), FillerSeller(position)),
        };
        if (flow.Appeal is { } appeal)
        {
            // Distinct decision deadlines, so the appeal queue's order is not decided by order numbers alone.
            flow.Appeal = appeal with { DecisionDueAt = appeal.DecisionDueAt + Duration.FromSeconds(position) };
        }

        var copies = new OperationRecord[records.Count];
        for (var i = 0; i < copies.Length; i++)
        {
            copies[i] = records[i] with { OrderNumber = flow.OrderNumber };
        }

        return (flow, copies);
    }

    private static string FillerBuyer(int position) => "b" + (position % 9973).ToString(CultureInfo.InvariantCulture);

    private static string FillerSeller(int position) => "s" + (position % 9967).ToString(CultureInfo.InvariantCulture);

    /// <summary>An instant as the relational stores index it: Unix nanoseconds (the data sets stay far from the clamped ends).</summary>
    public static long Nanos(Instant instant) => (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    public static long? Nanos(Instant? instant) => instant is { } value ? Nanos(value) : null;

    private static string Marker(int flows) => $"{Definition}, {flows} flows";

    // ---------------------------------------------------------------- templates

    private sealed record Templates(Dictionary<Kind, (ServiceFlow Flow, IReadOnlyList<OperationRecord> Records)> ByKind)
    {
        public (ServiceFlow Flow, IReadOnlyList<OperationRecord> Records) Of(Kind kind) => ByKind[kind];
    }

    /// <summary>Drives one flow of each kind with a real supervisor to its state at <see cref="Now"/>.</summary>
    private static async Task<Templates> BuildTemplatesAsync()
    {
        var clock = new FakeClock(Stories.Start);
        var store = new InMemoryServiceFlowStore();
        using var supervisor = new ServiceSupervisor(store, clock);
        var orders = new Dictionary<Kind, string>();

        // At the start: a typical completed story (six records once the sweep completes it), and a flow in
        // service whose seller then goes quiet: it stalls five days later (the sweep raises it).
        await Stories.CompletedStoryAsync(supervisor, clock, "completed");
        (await supervisor.CreateFlowAsync(Stories.Order("stalled", ProductKind.License))).GetValueOrThrow();

        // Three hours before now: three deliveries rejected, then the buyer's appeal an hour before now.
        clock.Reset(Now - Duration.FromHours(3));
        (await supervisor.CreateFlowAsync(Stories.Order("appeal", ProductKind.License))).GetValueOrThrow();
        for (var round = 0; round < 3; round++)
        {
            await Stories.MustAsync(supervisor, new Deliver($"appeal-d{round}", "appeal", Stories.Seller, Stories.Sow, Stories.Acceptance));
            await Stories.MustAsync(supervisor, new RejectDelivery($"appeal-r{round}", "appeal", Stories.Buyer, "Incomplete."));
        }

        clock.Reset(Now - Duration.FromHours(2));
        (await supervisor.CreateFlowAsync(Stories.Order("delivered", ProductKind.License))).GetValueOrThrow();
        clock.Reset(Now - Duration.FromHours(1));
        await Stories.MustAsync(supervisor, new OpenAppeal("appeal-open", "appeal", Stories.Buyer, "Three deliveries were rejected."));
        await Stories.MustAsync(supervisor, new Deliver("delivered-d", "delivered", Stories.Seller, Stories.Sow, Stories.Acceptance));

        // An hour before now: a flow in service (waiting on the seller) and one awaiting the buyer's request.
        (await supervisor.CreateFlowAsync(Stories.Order("in-service", ProductKind.License))).GetValueOrThrow();
        (await supervisor.CreateFlowAsync(Stories.Order("awaiting-request", ProductKind.ProfessionalService))).GetValueOrThrow();

        clock.Reset(Now);
        await supervisor.ApplyDueTimersAsync();

        orders[Kind.FillerCompleted] = "completed";
        orders[Kind.SellerCompleted] = "completed";
        orders[Kind.View] = "completed";
        orders[Kind.FillerInService] = "in-service";
        orders[Kind.SellerInService] = "in-service";
        orders[Kind.BuyerNotWaiting] = "in-service";
        orders[Kind.FillerAwaitingRequest] = "awaiting-request";
        orders[Kind.BuyerWaitingAwaitingRequest] = "awaiting-request";
        orders[Kind.BuyerWaitingDelivered] = "delivered";
        orders[Kind.SellerDelivered] = "delivered";
        orders[Kind.Stalled] = "stalled";
        orders[Kind.UnderAppeal] = "appeal";

        var byKind = new Dictionary<Kind, (ServiceFlow, IReadOnlyList<OperationRecord>)>();
        foreach (var (kind, order) in orders)
        {
            var flow = await store.LoadAsync(order, CancellationToken.None) ?? throw new InvalidOperationException(order);
            var records = await store.ReadRecordsAsync(order, CancellationToken.None);
            if (flow.NextTimerDueAt is { } due && due <= Now)
            {
                throw new InvalidOperationException($"Template {order} has a timer due at {due}.");
            }

            var stalled = flow.IsStalledAt(Now);
            if (stalled != (kind == Kind.Stalled) || flow.IsFrozen != (kind == Kind.UnderAppeal))
            {
                throw new InvalidOperationException($"Template {order} is not what {kind} needs: {flow}.");
            }

            byKind[kind] = (flow, records);
        }

        return new Templates(byKind);
    }

    // ---------------------------------------------------------------- SQLite

    private static readonly string[] FlowColumns =
    [
        "order_number", "version", "buyer_id", "seller_id", "product_id", "stage", "status", "placed_at", "waiting_on",
        "under_appeal", "stall_due_at", "next_due_at", "decision_due_at", "state",
    ];

    private static readonly string[] RecordColumns = ["order_number", "sequence", "at", "action", "body"];

    public static async Task EnsureSqliteAsync(int flows)
    {
        var file = SqliteFile(flows);
        var marker = file + ".loaded";
        if (File.Exists(file) && File.Exists(marker) && await File.ReadAllTextAsync(marker) == Marker(flows))
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm", marker })
        {
            File.Delete(path);
        }

        var watch = Stopwatch.StartNew();
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        await store.EnsureSchemaAsync();
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            Execute(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;");
            await using var insertFlow = connection.CreateCommand();
            insertFlow.CommandText = $"INSERT INTO supervision_flows ({string.Join(", ", FlowColumns)}) VALUES ({string.Join(", ", FlowColumns.Select(c => "@" + c))})";
            var flowParameters = FlowColumns.Select(c => insertFlow.Parameters.Add(new SqliteParameter("@" + c, null))).ToArray();
            await using var insertRecord = connection.CreateCommand();
            insertRecord.CommandText = $"INSERT INTO supervision_records ({string.Join(", ", RecordColumns)}) VALUES ({string.Join(", ", RecordColumns.Select(c => "@" + c))})";
            var recordParameters = RecordColumns.Select(c => insertRecord.Parameters.Add(new SqliteParameter("@" + c, null))).ToArray();

            SqliteTransaction? transaction = null;
            var count = 0;
            foreach (var (position, kind) in Layout(flows))
            {
                if (count++ % 50_000 == 0)
                {
                    transaction?.Commit();
                    transaction?.Dispose();
                    transaction = connection.BeginTransaction();
                    insertFlow.Transaction = transaction;
                    insertRecord.Transaction = transaction;
                }

                var (flow, records) = Row(position, kind);
                var values = FlowValues(flow);
                for (var i = 0; i < values.Length; i++)
                {
                    flowParameters[i].Value = values[i] ?? DBNull.Value;
                }

                insertFlow.ExecuteNonQuery();
                foreach (var record in records)
                {
                    var recordValues = RecordValues(record);
                    for (var i = 0; i < recordValues.Length; i++)
                    {
                        recordParameters[i].Value = recordValues[i];
                    }

                    insertRecord.ExecuteNonQuery();
                }
            }

            transaction?.Commit();
            transaction?.Dispose();
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        await File.WriteAllTextAsync(marker, Marker(flows));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// SQLite: loaded {flows:N0} flows into {file} in {watch.Elapsed.TotalSeconds:F0} s ({new FileInfo(file).Length / 1024.0 / 1024.0:F0} MiB)"));
    }

    /// <summary>The indexed columns and the state, in <see cref="FlowColumns"/> order, as RelationalFlowColumns.Of computes them.</summary>
    private static object?[] FlowValues(ServiceFlow flow) =>
    [
        flow.OrderNumber, flow.Version, flow.BuyerId, flow.SellerId, flow.ProductId, (int)flow.Stage, (int)flow.Status, Nanos(flow.PlacedAt),
        (int)flow.WaitingOn, flow.IsFrozen, Nanos(flow.StallDueAt), Nanos(flow.NextTimerDueAt), Nanos(flow.Appeal?.DecisionDueAt),
        SupervisionStorageFormat.Flow.Serialize(flow),
    ];

    /// <summary>A record's columns as the store's save writes them.</summary>
    private static object[] RecordValues(OperationRecord record) =>
        [record.OrderNumber, record.Sequence, InstantPattern.ExtendedIso.Format(record.At), record.Action.ToString(), SupervisionStorageFormat.Record.Serialize(record)];

    private static void Execute(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    // ---------------------------------------------------------------- PostgreSQL

    public static async Task EnsurePostgresAsync(NpgsqlDataSource dataSource, int flows)
    {
        var schema = PostgresSchema(flows);
        await using (var check = dataSource.CreateCommand("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = @schema"))
        {
            check.Parameters.AddWithValue("schema", schema);
            if (await check.ExecuteScalarAsync() is string comment && comment == Marker(flows))
            {
                return;
            }
        }

        var watch = Stopwatch.StartNew();
        await using (var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await using (var flowWriter = await connection.BeginBinaryImportAsync($"COPY {schema}.supervision_flows ({string.Join(", ", FlowColumns)}) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var (position, kind) in Layout(flows))
                    {
                        var (flow, _) = Row(position, kind);
                        await flowWriter.StartRowAsync();
                        await flowWriter.WriteAsync(flow.OrderNumber, NpgsqlDbType.Text);
                        await flowWriter.WriteAsync(flow.Version, NpgsqlDbType.Bigint);
                        await flowWriter.WriteAsync(flow.BuyerId, NpgsqlDbType.Text);
                        await flowWriter.WriteAsync(flow.SellerId, NpgsqlDbType.Text);
                        await flowWriter.WriteAsync(flow.ProductId, NpgsqlDbType.Text);
                        await flowWriter.WriteAsync((int)flow.Stage, NpgsqlDbType.Integer);
                        await flowWriter.WriteAsync((int)flow.Status, NpgsqlDbType.Integer);
                        await flowWriter.WriteAsync(Nanos(flow.PlacedAt), NpgsqlDbType.Bigint);
                        await flowWriter.WriteAsync((int)flow.WaitingOn, NpgsqlDbType.Integer);
                        await flowWriter.WriteAsync(flow.IsFrozen, NpgsqlDbType.Boolean);
                        await WriteNullableAsync(flowWriter, Nanos(flow.StallDueAt));
                        await WriteNullableAsync(flowWriter, Nanos(flow.NextTimerDueAt));
                        await WriteNullableAsync(flowWriter, Nanos(flow.Appeal?.DecisionDueAt));
                        await flowWriter.WriteAsync(SupervisionStorageFormat.Flow.Serialize(flow), NpgsqlDbType.Text);
                    }

                    await flowWriter.CompleteAsync();
                }

                await using (var recordWriter = await connection.BeginBinaryImportAsync($"COPY {schema}.supervision_records ({string.Join(", ", RecordColumns)}) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var (position, kind) in Layout(flows))
                    {
                        foreach (var record in Row(position, kind).Records)
                        {
                            var values = RecordValues(record);
                            await recordWriter.StartRowAsync();
                            await recordWriter.WriteAsync((string)values[0], NpgsqlDbType.Text);
                            await recordWriter.WriteAsync((long)values[1], NpgsqlDbType.Bigint);
                            await recordWriter.WriteAsync((string)values[2], NpgsqlDbType.Text);
                            await recordWriter.WriteAsync((string)values[3], NpgsqlDbType.Text);
                            await recordWriter.WriteAsync((string)values[4], NpgsqlDbType.Text);
                        }
                    }

                    await recordWriter.CompleteAsync();
                }

                await transaction.CommitAsync();
            }

            // What autovacuum would do after a bulk load: statistics for the planner and the visibility map.
            Execute(connection, $"VACUUM ANALYZE {schema}.supervision_flows");
            Execute(connection, $"VACUUM ANALYZE {schema}.supervision_records");
            Execute(connection, $"COMMENT ON SCHEMA {schema} IS '{Marker(flows)}'");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// PostgreSQL: loaded {flows:N0} flows into schema {schema} in {watch.Elapsed.TotalSeconds:F0} s"));
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, long? value)
    {
        if (value is { } v)
        {
            await writer.WriteAsync(v, NpgsqlDbType.Bigint);
        }
        else
        {
            await writer.WriteNullAsync();
        }
    }

    // ---------------------------------------------------------------- the queries and their plans

    /// <summary>The searches of the benchmarks: who searches, and for what.</summary>
    public static IReadOnlyList<(string Name, Actor Viewer, FlowQuery Query)> Searches(FlowCursor sellerNinthPageEnd) =>
    [
        ("buyer: waiting on me", Buyer, new FlowQuery { WaitingOn = Buyer }),
        ("seller's flows, first page", Seller, new FlowQuery()),
        ("seller's flows, tenth page", Seller, new FlowQuery { After = sellerNinthPageEnd }),
        ("stalled flows, first page", Operations, new FlowQuery { Stalled = true }),
        ("flows under appeal, first page", Operations, new FlowQuery { UnderAppeal = true }),
        ("appeal queue (operations manager waiting on me), first page", Operations, new FlowQuery { WaitingOn = Operations }),
    ];

    /// <summary>The cursor at the end of the probe seller's ninth page: where the tenth starts.</summary>
    public static async Task<FlowCursor> SellerTenthPageAsync(ServiceSupervisor supervisor)
    {
        FlowCursor? after = null;
        for (var page = 1; page <= 9; page++)
        {
            var result = (await supervisor.SearchAsync(new FlowQuery { After = after }, Seller)).GetValueOrThrow();
            after = result.Next ?? throw new InvalidOperationException($"The seller has no page {page + 1}.");
        }

        return after!;
    }

    /// <summary>Prints the plan of every statement a search or the view sends, for the data set of <paramref name="flows"/> flows.</summary>
    public static async Task PrintPlansAsync(int flows)
    {
        var sqliteStore = await OpenSqliteAsync(flows);
        using (var supervisor = new ServiceSupervisor(sqliteStore, new FakeClock(Now)))
        {
            var tenth = await SellerTenthPageAsync(supervisor);
            var sql = RelationalSql(sqliteStore);
            await using var connection = new SqliteConnection($"Data Source={SqliteFile(flows)};Mode=ReadOnly");
            await connection.OpenAsync();
            Console.WriteLine($"## SQLite {connection.ServerVersion}, {flows:N0} flows: EXPLAIN QUERY PLAN");
            foreach (var (title, text, parameters) in Statements(typeof(SqliteServiceFlowStore).Assembly, sql, flows, tenth))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN " + text;
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                }

                var lines = new StringBuilder();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    var depth = new Dictionary<long, int> { [0] = 0 };
                    while (await reader.ReadAsync())
                    {
                        var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
                        depth[reader.GetInt64(0)] = level;
                        lines.Append(' ', 2 * level).AppendLine(reader.GetString(3));
                    }
                }

                var (rows, elapsed) = await CountRowsAsync(connection, text, parameters);
                Console.WriteLine($"### {title}\n```\n{text}\n{lines}```\n({rows} rows, {elapsed.TotalMilliseconds:F2} ms once)\n");
            }
        }

        if (!PostgresConfigured)
        {
            Console.WriteLine("(PostgreSQL not configured: set KOOGALLERY_SUPERVISION_POSTGRES for its plans.)");
            return;
        }

        await using var dataSource = NpgsqlDataSource.Create(PostgresConnectionString);
        var postgresStore = await OpenPostgresAsync(dataSource, flows);
        using (var supervisor = new ServiceSupervisor(postgresStore, new FakeClock(Now)))
        {
            var tenth = await SellerTenthPageAsync(supervisor);
            var sql = RelationalSql(postgresStore);
            await using var connection = await dataSource.OpenConnectionAsync();
            Console.WriteLine($"## PostgreSQL {connection.PostgreSqlVersion}, {flows:N0} flows: EXPLAIN (ANALYZE, BUFFERS)");
            var statements = Statements(typeof(PostgreSqlServiceFlowStore).Assembly, sql, flows, tenth).ToList();
            var flowsTable = (string)sql.GetType().GetProperty("Flows")!.GetValue(sql)!;

            // The catch-up of a search on PostgreSQL claims the due flows (PostgreSqlRelationalStore.FindDueAsync).
            statements.Insert(0, ("catch-up before a search: claim the due flows (none are due)", $"""
                UPDATE {flowsTable} AS f SET timer_claim_until = @claimUntil
                FROM (SELECT order_number FROM {flowsTable}
                      WHERE next_due_at IS NOT NULL AND next_due_at <= @now AND (timer_claim_until IS NULL OR timer_claim_until <= @now)
                      ORDER BY next_due_at LIMIT @limit FOR UPDATE SKIP LOCKED) AS due
                WHERE f.order_number = due.order_number
                RETURNING f.order_number, f.next_due_at
                """, [("@now", Nanos(Now)), ("@claimUntil", Nanos(Now + Duration.FromMinutes(1))), ("@limit", 100)]));
            foreach (var (title, text, parameters) in statements)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + text, connection, transaction);
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                }

                var lines = new StringBuilder();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        lines.AppendLine(reader.GetString(0));
                    }
                }

                await transaction.RollbackAsync();
                Console.WriteLine($"### {title}\n```\n{text}\n{lines}```\n");
            }
        }
    }

    /// <summary>
    /// Checks the index that would serve the search for flows under appeal, without changing the data set: in a
    /// transaction that is rolled back, creates a partial index on the placement order of the flows under appeal,
    /// then prints the plan of the store's statement and its median time over five runs, before and with it.
    /// </summary>
    public static async Task PrintUnderAppealIndexAsync(int flows)
    {
        var query = CallValidation.CheckQuery(new FlowQuery { UnderAppeal = true }, Operations, new ServiceSupervisionOptions().MaxSearchPageSize).GetValueOrThrow();
        var tenth = new FlowCursor(Now, "unused");
        var sqliteStore = await OpenSqliteAsync(flows);
        var (_, sqliteText, sqliteParameters) = Statements(typeof(SqliteServiceFlowStore).Assembly, RelationalSql(sqliteStore), flows, tenth)
            .Single(s => s.Title.StartsWith("flows under appeal", StringComparison.Ordinal));
        await using (var connection = new SqliteConnection($"Data Source={SqliteFile(flows)}"))
        {
            await connection.OpenAsync();
            Console.WriteLine($"## SQLite {connection.ServerVersion}, {flows:N0} flows, flows under appeal\n```\n{sqliteText}");
            await using var transaction = connection.BeginTransaction();
            foreach (var proposed in new[] { null, "CREATE INDEX ix_proposed_under_appeal ON supervision_flows (placed_at, order_number) WHERE under_appeal = 1" })
            {
                if (proposed is not null)
                {
                    await using var create = new SqliteCommand(proposed, connection, transaction) { CommandTimeout = 0 };
                    await create.ExecuteNonQueryAsync();
                    Console.WriteLine(proposed);
                }

                await using var command = new SqliteCommand("EXPLAIN QUERY PLAN " + sqliteText, connection, transaction);
                var times = new List<double>();
                foreach (var (name, value) in sqliteParameters)
                {
                    command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                }

                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        Console.WriteLine("  " + reader.GetString(3));
                    }
                }

                command.CommandText = sqliteText;
                for (var i = 0; i < 6; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                    }

                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  -> median {times.Skip(1).Order().ElementAt(2):F2} ms of 5 runs"));
            }

            transaction.Rollback();
            Console.WriteLine("```\n(rolled back: the data set is unchanged)\n");
        }

        if (!PostgresConfigured)
        {
            return;
        }

        await using var dataSource = NpgsqlDataSource.Create(PostgresConnectionString);
        var postgresStore = await OpenPostgresAsync(dataSource, flows);
        var (_, postgresText, postgresParameters) = Statements(typeof(PostgreSqlServiceFlowStore).Assembly, RelationalSql(postgresStore), flows, tenth)
            .Single(s => s.Title.StartsWith("flows under appeal", StringComparison.Ordinal));
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Console.WriteLine($"## PostgreSQL {connection.PostgreSqlVersion}, {flows:N0} flows, flows under appeal\n```\n{postgresText}");
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var proposed in new[] { null, $"CREATE INDEX ix_proposed_under_appeal ON {PostgresSchema(flows)}.supervision_flows (placed_at, order_number) WHERE under_appeal" })
            {
                if (proposed is not null)
                {
                    await using var create = new NpgsqlCommand(proposed, connection, transaction) { CommandTimeout = 0 };
                    await create.ExecuteNonQueryAsync();
                    Console.WriteLine(proposed);
                }

                await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF) " + postgresText, connection, transaction);
                foreach (var (name, value) in postgresParameters)
                {
                    command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                }

                for (var i = 0; i < 5; i++)
                {
                    var lines = new List<string>();
                    await using (var reader = await command.ExecuteReaderAsync())
                    {
                        while (await reader.ReadAsync())
                        {
                            lines.Add(reader.GetString(0));
                        }
                    }

                    if (i == 4)
                    {
                        lines.ForEach(line => Console.WriteLine("  " + line));
                    }
                }
            }

            await transaction.RollbackAsync();
            Console.WriteLine("```\n(rolled back: the data set is unchanged; the plan shown is the fifth run's)\n");
        }
    }

    /// <summary>The statements a search or the view sends, with their parameters, built by the store's own code (RelationalSearch, RelationalSql).</summary>
    private static IEnumerable<(string Title, string Sql, (string Name, object? Value)[] Parameters)> Statements(Assembly store, object sql, int flows, FlowCursor tenth)
    {
        var search = store.GetType("KooGallery.Supervision.Relational.RelationalSearch", throwOnError: true)!;
        var findDue = (string)sql.GetType().GetProperty("FindDue")!.GetValue(sql)!;
        if (store == typeof(SqliteServiceFlowStore).Assembly)
        {
            yield return ("catch-up before a search: find the due flows (none are due)", findDue, [("@now", Nanos(Now)), ("@limit", 100)]);
        }

        foreach (var (title, viewer, query) in Searches(tenth))
        {
            var checkedQuery = CallValidation.CheckQuery(query, viewer, new ServiceSupervisionOptions().MaxSearchPageSize).GetValueOrThrow();
            var (text, parameters) = ((string, List<KeyValuePair<string, object>>))search.GetMethod("Statement")!.Invoke(null, [sql, checkedQuery, Now])!;
            yield return (title, text, parameters.Select(p => (p.Key, (object?)p.Value)).ToArray());
        }

        var view = ViewOrder(flows);
        yield return ("view: load the flow", (string)sql.GetType().GetProperty("LoadFlow")!.GetValue(sql)!, [("@order", view)]);
        yield return ("view: read its records", (string)sql.GetType().GetProperty("ReadRecords")!.GetValue(sql)!, [("@order", view)]);
    }

    private static async Task<(int Rows, TimeSpan Elapsed)> CountRowsAsync(SqliteConnection connection, string text, (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var watch = Stopwatch.StartNew();
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return (rows, watch.Elapsed);
    }

    /// <summary>The store's statements (its internal RelationalSql), read by reflection so the plans are of the exact text it sends.</summary>
    private static object RelationalSql(object store)
    {
        var relational = store.GetType().GetField("_relational", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(store)!;
        return relational.GetType().GetProperty("Sql", BindingFlags.Instance | BindingFlags.Public)!.GetValue(relational)!;
    }
}
