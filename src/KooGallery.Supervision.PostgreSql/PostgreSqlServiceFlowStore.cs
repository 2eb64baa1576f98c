using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KooGallery.Supervision.Relational;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace KooGallery.Supervision.PostgreSql;

/// <summary>
/// Keeps flows in PostgreSQL, for several nodes sharing one database. Every <see cref="FlowChange"/> is
/// written in one transaction (flow with its version check, records, command outcome, outbox events);
/// timer sweeps claim due rows with <c>FOR UPDATE SKIP LOCKED</c> so nodes sweeping at once split the
/// work. Safe for concurrent use. Every operation that fails because of the database (unreachable,
/// refused, failed mid-statement) throws a <see cref="SupervisionStoreException"/> naming the host, port,
/// database and user (never the password), with Npgsql's error as its inner exception.
/// </summary>
/// <remarks>
/// Operation records and command outcomes are append-only in the database itself: row triggers raise an
/// exception on every <c>UPDATE</c> and <c>DELETE</c> of <c>supervision_records</c> and <c>supervision_commands</c>
/// (so <c>INSERT ... ON CONFLICT DO UPDATE</c> is stopped too), and statement triggers on every
/// <c>TRUNCATE</c> of them, whichever client sends the SQL. This guards against application bugs and
/// accidental writes. It does not guard against the tables' owner, a superuser or any role allowed to
/// change them: they can drop or disable the triggers (<c>DROP TRIGGER</c>, <c>ALTER TABLE ... DISABLE TRIGGER</c>,
/// <c>session_replication_role = replica</c>), drop the tables or the schema, or restore an older backup.
/// To narrow that, run the application as a role that does not own the tables and holds only the
/// privileges it needs. Flows (<c>supervision_flows</c>) and the outbox are updated by the store by design
/// and are not protected this way.
/// </remarks>
public sealed partial class PostgreSqlServiceFlowStore : IServiceFlowStore, ISupervisionSchema, IAsyncDisposable, IDisposable
{
    private const string Package = "KooGallery.Supervision.PostgreSql";
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlStoreOptions _options;
    private readonly string _schema;
    private readonly string _flows;
    private readonly string _records;
    private readonly string _commands;
    private readonly string _outbox;
    private readonly string _where;
    private readonly string _database;
    private readonly string _readPendingSql;
    private readonly RelationalRetry.Statements _parkSql;
    private readonly RelationalRetry.Statements _deferSql;
    private readonly SchemaGate _schemaGate = new();
    private readonly StoreFailures _failures;

    /// <summary>Initializes a store over the database the options name.</summary>
    /// <param name="options">The options; a connection string or a data source is required.</param>
    /// <exception cref="ArgumentException">
    /// Neither is given, the schema name is not a plain identifier, or <see cref="PostgreSqlStoreOptions.TimerClaim"/>
    /// is outside its range.
    /// </exception>
    public PostgreSqlServiceFlowStore(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!PlainIdentifier().IsMatch(options.Schema ?? string.Empty))
        {
            throw new ArgumentException($"The schema name '{options.Schema}' must be letters, digits and underscores, starting with a letter or underscore.", nameof(options));
        }

        if (options.TimerClaim < PostgreSqlStoreOptions.MinTimerClaim || options.TimerClaim > PostgreSqlStoreOptions.MaxTimerClaim)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The timer claim of {options.TimerClaim.TotalSeconds} seconds is outside its range: from {PostgreSqlStoreOptions.MinTimerClaim.TotalSeconds} to {PostgreSqlStoreOptions.MaxTimerClaim.TotalSeconds} seconds."),
                nameof(options));
        }

        if (options.DataSource is { } dataSource)
        {
            _dataSource = dataSource;
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
            _ownsDataSource = true;
        }
        else
        {
            throw new ArgumentException("A PostgreSQL connection string or NpgsqlDataSource is required.", nameof(options));
        }

        _options = options;
        _schema = "\"" + options.Schema + "\"";
        _flows = _schema + ".supervision_flows";
        _records = _schema + ".supervision_records";
        _commands = _schema + ".supervision_commands";
        _outbox = _schema + ".supervision_outbox";
        var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        _where = string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port} (database '{builder.Database}', user '{builder.Username}')");
        _database = $"The PostgreSQL schema {_schema} at {_where}";
        _readPendingSql = $"SELECT body FROM {_outbox} WHERE NOT delivered AND due_at <= @now ORDER BY due_at, sequence LIMIT @limit";
        _parkSql = new(
            $"SELECT timer_failures, next_due_at FROM {_flows} WHERE order_number = @key FOR UPDATE",
            $"UPDATE {_flows} SET timer_failures = @count, next_due_at = CASE WHEN next_due_at IS NULL THEN NULL ELSE @due END, timer_claim_until = NULL WHERE order_number = @key");
        _deferSql = new(
            $"SELECT attempts, due_at FROM {_outbox} WHERE event_id = @key AND NOT delivered FOR UPDATE",
            $"UPDATE {_outbox} SET attempts = @count, due_at = @due WHERE event_id = @key");
        _failures = new StoreFailures(Translate);
    }

    /// <summary>Gets where the store connects, without any password: host, port, database and user.</summary>
    public string Target => _where;

    /// <summary>Gets the SQL that reads pending events, for tests that check it is served by an index.</summary>
    internal string ReadPendingSql => _readPendingSql;

    /// <inheritdoc />
    public ValueTask<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        _failures.GuardAsync(EnsureSchemaCoreAsync(cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) =>
        _failures.GuardAsync(LoadCoreAsync(orderNumber, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) =>
        _failures.GuardAsync(ReadRecordsCoreAsync(orderNumber, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken) =>
        _failures.GuardAsync(FindCommandOutcomeCoreAsync(orderNumber, commandId, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) =>
        _failures.GuardAsync(SaveCoreAsync(change, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) =>
        _failures.GuardAsync(SearchCoreAsync(query, now, cancellationToken));

    /// <inheritdoc />
    /// <remarks>
    /// The flows returned are claimed until <paramref name="now"/> plus <see cref="PostgreSqlStoreOptions.TimerClaim"/>
    /// (one minute by default, at most five): sweeps on other nodes skip them until the flow is saved, parked,
    /// or the claim lapses. Nothing else releases a claim: when the caller stops before handling every flow
    /// (a cancelled search or sweep, a crash), the flows it did not handle wait for the claim to lapse. A call
    /// that is cancelled or fails before it returns claims nothing (the claim commits only once every row is read).
    /// </remarks>
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _failures.GuardAsync(FindDueCoreAsync(now, maxCount, cancellationToken));

    /// <inheritdoc />
    /// <remarks>Parking also ends the flow's timer claim (see <see cref="FindDueAsync"/>).</remarks>
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _failures.GuardAsync(CountFailureAsync(_parkSql, orderNumber ?? throw new ArgumentNullException(nameof(orderNumber)), retryAt, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _failures.GuardAsync(ReadPendingEventsCoreAsync(now, maxCount, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _failures.GuardAsync(CountFailureAsync(_deferSql, eventId, retryAt, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">PostgreSQL could not be reached or failed; the exception names the server and database (never the password) and holds Npgsql's error.</exception>
    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        _failures.GuardAsync(MarkEventsDeliveredCoreAsync(eventIds, cancellationToken));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Bigint) { Value = DBNull.Value } : new NpgsqlParameter(name, value));
        }

        return command;
    }

    private async ValueTask<int> EnsureSchemaCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await EnsureSchemaAsync(connection, create: true, cancellationToken).ConfigureAwait(false);
        _schemaGate.Pass();
        return version;
    }

    private async ValueTask<ServiceFlow?> LoadCoreAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT state FROM {_flows} WHERE order_number = @order", ("order", orderNumber));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? SupervisionStorageFormat.DeserializeFlow(json) : null;
    }

    private async ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsCoreAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT body FROM {_records} WHERE order_number = @order ORDER BY sequence", ("order", orderNumber));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalReading.ReadAllAsync(reader, SupervisionStorageFormat.DeserializeRecord, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CommandOutcome?> FindCommandOutcomeCoreAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(commandId);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT outcome FROM {_commands} WHERE order_number = @order AND command_id = @id", ("order", orderNumber), ("id", commandId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? SupervisionStorageFormat.DeserializeOutcome(json) : null;
    }

    private async ValueTask<FlowSaveResult> SaveCoreAsync(FlowChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var columns = RelationalFlowColumns.Of(change.Flow);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);

        // Every save writes next_due_at from the flow, resets timer_failures and ends the claim: it ends any parking.
        var flowSql = change.ExpectedVersion == 0
            ? $"""
              INSERT INTO {_flows} (order_number, version, buyer_id, seller_id, product_id, stage, status, placed_at, waiting_on, under_appeal, stall_due_at, next_due_at, decision_due_at, state)
              VALUES (@order, @version, @buyer, @seller, @product, @stage, @status, @placed, @waiting, @appeal, @stall, @due, @decision, @state)
              ON CONFLICT (order_number) DO NOTHING
              """
            : $"""
              UPDATE {_flows} SET version = @version, stage = @stage, status = @status, waiting_on = @waiting, under_appeal = @appeal,
                  stall_due_at = @stall, next_due_at = @due, decision_due_at = @decision, timer_failures = 0, timer_claim_until = NULL, state = @state
              WHERE order_number = @order AND version = @expected
              """;
        var flowCommand = BatchCommand(flowSql,
            ("order", columns.OrderNumber), ("version", columns.Version), ("buyer", columns.BuyerId), ("seller", columns.SellerId),
            ("product", columns.ProductId), ("stage", columns.Stage), ("status", columns.Status), ("placed", columns.PlacedAt),
            ("waiting", columns.WaitingOn), ("appeal", columns.UnderAppeal), ("stall", columns.StallDueAt), ("due", columns.NextDueAt), ("decision", columns.DecisionDueAt),
            ("state", columns.State), ("expected", change.ExpectedVersion));
        batch.BatchCommands.Add(flowCommand);

        NpgsqlBatchCommand? outcomeCommand = null;
        if (change.Outcome is { } outcome)
        {
            outcomeCommand = BatchCommand($"INSERT INTO {_commands} (order_number, command_id, outcome) VALUES (@order, @id, @outcome) ON CONFLICT (order_number, command_id) DO NOTHING",
                ("order", columns.OrderNumber), ("id", outcome.CommandId), ("outcome", SupervisionStorageFormat.SerializeOutcome(outcome)));
            batch.BatchCommands.Add(outcomeCommand);
        }

        foreach (var record in change.Records)
        {
            batch.BatchCommands.Add(BatchCommand($"INSERT INTO {_records} (order_number, sequence, at, action, body) VALUES (@order, @sequence, @at, @action, @body) ON CONFLICT DO NOTHING",
                ("order", record.OrderNumber), ("sequence", record.Sequence), ("at", InstantPattern.ExtendedIso.Format(record.At)),
                ("action", record.Action.ToString()), ("body", SupervisionStorageFormat.SerializeRecord(record))));
        }

        foreach (var supervisionEvent in change.Events)
        {
            batch.BatchCommands.Add(BatchCommand($"INSERT INTO {_outbox} (event_id, order_number, body) VALUES (@id, @order, @body)",
                ("id", supervisionEvent.Id), ("order", supervisionEvent.OrderNumber), ("body", SupervisionStorageFormat.SerializeEvent(supervisionEvent))));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (flowCommand.RecordsAffected != 1)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return FlowSaveResult.VersionConflict;
        }

        if (outcomeCommand is not null && outcomeCommand.RecordsAffected != 1)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return FlowSaveResult.CommandIdTaken;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return FlowSaveResult.Saved;
    }

    private async ValueTask<FlowPage> SearchCoreAsync(FlowQuery query, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT state FROM ").Append(_flows);
        var parameters = RelationalSearch.AppendWhere(sql, query, now);
        sql.Append(RelationalSearch.OrderBy(query)).Append(" LIMIT @limit");
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter.Key.TrimStart('@'), parameter.Value);
        }

        command.Parameters.AddWithValue("limit", query.PageSize + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalReading.ReadPageAsync(reader, query.PageSize, now, cancellationToken, RelationalSearch.IsAppealQueue(query)).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyList<string>> FindDueCoreAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        var nowNanos = RelationalFlowColumns.Nanos(now);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);

        // The claim commits only after every row is read: a call cancelled or failed before it returns claims nothing.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var due = new List<(long Due, string OrderNumber)>();
        await using (var command = Command(connection, $"""
            UPDATE {_flows} AS f SET timer_claim_until = @claimUntil
            FROM (SELECT order_number FROM {_flows}
                  WHERE next_due_at IS NOT NULL AND next_due_at <= @now AND (timer_claim_until IS NULL OR timer_claim_until <= @now)
                  ORDER BY next_due_at LIMIT @limit FOR UPDATE SKIP LOCKED) AS due
            WHERE f.order_number = due.order_number
            RETURNING f.order_number, f.next_due_at
            """,
            ("now", nowNanos), ("claimUntil", RelationalFlowColumns.NanosAfter(now, _options.TimerClaim)), ("limit", maxCount)))
        {
            command.Transaction = transaction;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                due.Add((reader.GetInt64(1), reader.GetString(0)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return due.OrderBy(d => d.Due).ThenBy(d => d.OrderNumber, StringComparer.Ordinal).Select(d => d.OrderNumber).ToList();
    }

    private async ValueTask<int> CountFailureAsync(RelationalRetry.Statements sql, object key, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retryAt);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalRetry.CountFailureAsync(connection, sql, key, retryAt, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsCoreAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, ReadPendingSql, ("now", RelationalFlowColumns.Nanos(now)), ("limit", maxCount));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalReading.ReadAllAsync(reader, SupervisionStorageFormat.DeserializeEvent, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask MarkEventsDeliveredCoreAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return;
        }

        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"UPDATE {_outbox} SET delivered = TRUE WHERE event_id = ANY(@ids) AND NOT delivered", ("ids", eventIds.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<NpgsqlConnection> OpenReadyAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(CheckSchemaOnceAsync, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckSchemaOnceAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await EnsureSchemaAsync(connection, _options.EnsureSchemaOnFirstUse, CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new SupervisionStoreException("ConnectionFailed",
                $"Could not connect to PostgreSQL at {_where}: {exception.Message}. Check that the server runs there and accepts this user.",
                exception);
        }
    }

    private async ValueTask<int> EnsureSchemaAsync(NpgsqlConnection connection, bool create, CancellationToken cancellationToken)
    {
        var version = await ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (!RelationalSchemaVersion.NeedsUpgrade(version, PostgreSqlSchema.CurrentVersion, create, _database))
        {
            return version;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // One node at a time creates or upgrades the schema; the others wait and then find it done.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@name))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("name", "koogallery-supervision-schema:" + _options.Schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        version = await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using (var createSchema = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_schema}", connection, transaction))
        {
            await createSchema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var next = version + 1; next <= PostgreSqlSchema.CurrentVersion; next++)
        {
            foreach (var statement in PostgreSqlSchema.Migrations[next - 1])
            {
                await using var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, statement, _schema), connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var stamp = new NpgsqlCommand(
            $"INSERT INTO {_schema}.supervision_schema (id, version, library) VALUES (1, @version, @library) ON CONFLICT (id) DO UPDATE SET version = excluded.version, library = excluded.library",
            connection, transaction))
        {
            stamp.Parameters.AddWithValue("version", PostgreSqlSchema.CurrentVersion);
            stamp.Parameters.AddWithValue("library", typeof(PostgreSqlServiceFlowStore).Assembly.GetName().Version?.ToString() ?? "unknown");
            await stamp.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return PostgreSqlSchema.CurrentVersion;
    }

    private async ValueTask<int> ReadSchemaVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema AND table_name LIKE 'supervision\\_%' ORDER BY table_name",
            connection, transaction))
        {
            command.Parameters.AddWithValue("schema", _options.Schema);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return 0;
        }

        if (!tables.Contains("supervision_schema"))
        {
            throw new SupervisionStoreException("ForeignDatabase",
                $"The PostgreSQL schema {_schema} at {_where} has tables named like the library's ({string.Join(", ", tables)}) but no supervision_schema table; they belong to something else. Nothing was written; use another schema.",
                null);
        }

        await using (var command = new NpgsqlCommand($"SELECT version FROM {_schema}.supervision_schema WHERE id = 1", connection, transaction))
        {
            var stored = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return RelationalSchemaVersion.Check(stored, _database, PostgreSqlSchema.CurrentVersion, Package);
        }
    }

    /// <summary>Gives the typed error for a failure of the database; null for anything else.</summary>
    private SupervisionStoreException? Translate(Exception exception) => exception is NpgsqlException or TimeoutException or System.IO.IOException
        ? new SupervisionStoreException("Unusable", $"PostgreSQL at {_where} failed: {exception.Message}", exception)
        : null;
}
