using BenchmarkDotNet.Attributes;
using KooGallery.Supervision;
using KooGallery.Supervision.PostgreSql;
using KooGallery.Supervision.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime.Testing;
using Npgsql;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// 3. One durable command (a progress update) on SQLite and on PostgreSQL, against the floor of the raw
/// database doing a one-row update and one insert in one transaction with the same durability settings.
/// SQLite: write-ahead log, synchronous = FULL, a file in the temp folder. PostgreSQL: the server named by
/// KOOGALLERY_SUPERVISION_POSTGRES (its fsync and synchronous_commit settings are the server's; the docs
/// state them); without the variable the PostgreSQL methods are left out.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class DurableCommandBenchmarks
{
    private string _folder = null!;
    private SqliteConnection _rawSqlite = null!;
    private SqliteCommand _rawUpdate = null!;
    private SqliteCommand _rawInsert = null!;
    private ServiceSupervisor _sqliteSupervisor = null!;
    private NpgsqlDataSource? _postgres;
    private NpgsqlConnection _rawPostgres = null!;
    private ServiceSupervisor _postgresSupervisor = null!;
    private string _schema = null!;
    // The floors' row versions and the command ids count apart, so the methods can also run in turns in one
    // process (PairedRatios) without a floor's version check ever missing its row.
    private long _sqliteFloorVersion;
    private long _postgresFloorVersion;
    private long _commandCounter;

    public static bool PostgresConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("KOOGALLERY_SUPERVISION_POSTGRES"));

    [GlobalSetup(Targets = [nameof(RawSqliteUpdateAndInsert), nameof(SqliteProgressUpdate)])]
    public void SetUpSqlite()
    {
        _folder = Path.Combine(Path.GetTempPath(), "koogallery-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);

        // The floor: one connection kept open, prepared statements, the same pragmas as the store.
        _rawSqlite = new SqliteConnection($"Data Source={Path.Combine(_folder, "raw.db")}");
        _rawSqlite.Open();
        Execute(_rawSqlite, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        Execute(_rawSqlite, "CREATE TABLE flows (id TEXT PRIMARY KEY, version INTEGER, state TEXT); CREATE TABLE records (id TEXT, sequence INTEGER, body TEXT, PRIMARY KEY (id, sequence)); INSERT INTO flows VALUES ('F-1', 0, '{}');");
        _rawUpdate = _rawSqlite.CreateCommand();
        _rawUpdate.CommandText = "UPDATE flows SET version = @v, state = @s WHERE id = 'F-1' AND version = @old";
        _rawUpdate.Parameters.AddWithValue("@v", 0L);
        _rawUpdate.Parameters.AddWithValue("@s", new string('x', 900));
        _rawUpdate.Parameters.AddWithValue("@old", 0L);
        _rawInsert = _rawSqlite.CreateCommand();
        _rawInsert.CommandText = "INSERT INTO records VALUES ('F-1', @v, @b)";
        _rawInsert.Parameters.AddWithValue("@v", 0L);
        _rawInsert.Parameters.AddWithValue("@b", new string('y', 300));

        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "store.db")}" });
        store.EnsureSchemaAsync().AsTask().GetAwaiter().GetResult();
        _sqliteSupervisor = new ServiceSupervisor(store, new FakeClock(Stories.Start));
        _sqliteSupervisor.CreateFlowAsync(Stories.Order("F-1", ProductKind.License)).AsTask().GetAwaiter().GetResult().GetValueOrThrow();
    }

    [GlobalCleanup(Targets = [nameof(RawSqliteUpdateAndInsert), nameof(SqliteProgressUpdate)])]
    public void CleanUpSqlite()
    {
        _rawSqlite.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SQLite")]
    public void RawSqliteUpdateAndInsert()
    {
        var version = ++_sqliteFloorVersion;
        using var transaction = _rawSqlite.BeginTransaction(deferred: false);
        _rawUpdate.Transaction = transaction;
        _rawUpdate.Parameters["@v"].Value = version;
        _rawUpdate.Parameters["@old"].Value = version - 1;
        if (_rawUpdate.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException("The floor's version check missed its row.");
        }

        _rawInsert.Transaction = transaction;
        _rawInsert.Parameters["@v"].Value = version;
        _rawInsert.ExecuteNonQuery();
        transaction.Commit();
    }

    [Benchmark]
    [BenchmarkCategory("SQLite")]
    public async Task SqliteProgressUpdate() =>
        await Stories.MustAsync(_sqliteSupervisor, new PostProgressUpdate("s-" + (++_commandCounter), "F-1", Stories.Seller, "Schema converted; data copy at 40 %."));

    [GlobalSetup(Targets = [nameof(RawPostgreSqlUpdateAndInsert), nameof(PostgreSqlProgressUpdate)])]
    public void SetUpPostgreSql()
    {
        var connectionString = Environment.GetEnvironmentVariable("KOOGALLERY_SUPERVISION_POSTGRES")
            ?? throw new InvalidOperationException("Set KOOGALLERY_SUPERVISION_POSTGRES to run the PostgreSQL benchmarks.");
        _postgres = NpgsqlDataSource.Create(connectionString);
        _schema = "bench_" + Guid.NewGuid().ToString("N")[..10];
        _rawPostgres = _postgres.OpenConnection();
        Execute(_rawPostgres, $"CREATE SCHEMA {_schema}; CREATE TABLE {_schema}.flows (id TEXT PRIMARY KEY, version BIGINT, state TEXT); CREATE TABLE {_schema}.records (id TEXT, sequence BIGINT, body TEXT, PRIMARY KEY (id, sequence)); INSERT INTO {_schema}.flows VALUES ('F-1', 0, '{{}}');");
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = _postgres, Schema = _schema + "_store" });
        store.EnsureSchemaAsync().AsTask().GetAwaiter().GetResult();
        _postgresSupervisor = new ServiceSupervisor(store, new FakeClock(Stories.Start));
        _postgresSupervisor.CreateFlowAsync(Stories.Order("F-1", ProductKind.License)).AsTask().GetAwaiter().GetResult().GetValueOrThrow();
    }

    [GlobalCleanup(Targets = [nameof(RawPostgreSqlUpdateAndInsert), nameof(PostgreSqlProgressUpdate)])]
    public void CleanUpPostgreSql()
    {
        Execute(_rawPostgres, $"DROP SCHEMA {_schema} CASCADE; DROP SCHEMA {_schema}_store CASCADE;");
        _rawPostgres.Dispose();
        _postgres?.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("PostgreSQL")]
    public async Task RawPostgreSqlUpdateAndInsert()
    {
        var version = ++_postgresFloorVersion;
        await using var transaction = await _rawPostgres.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(_rawPostgres, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"UPDATE {_schema}.flows SET version = $1, state = $2 WHERE id = 'F-1' AND version = $3") { Parameters = { new() { Value = version }, new() { Value = new string('x', 900) }, new() { Value = version - 1 } } },
                new NpgsqlBatchCommand($"INSERT INTO {_schema}.records VALUES ('F-1', $1, $2)") { Parameters = { new() { Value = version }, new() { Value = new string('y', 300) } } },
            },
        };
        await batch.ExecuteNonQueryAsync();
        if (batch.BatchCommands[0].RecordsAffected != 1)
        {
            throw new InvalidOperationException("The floor's version check missed its row.");
        }

        await transaction.CommitAsync();
    }

    [Benchmark]
    [BenchmarkCategory("PostgreSQL")]
    public async Task PostgreSqlProgressUpdate() =>
        await Stories.MustAsync(_postgresSupervisor, new PostProgressUpdate("p-" + (++_commandCounter), "F-1", Stories.Seller, "Schema converted; data copy at 40 %."));

    private static void Execute(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
