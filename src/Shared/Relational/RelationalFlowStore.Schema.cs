using System.Runtime.CompilerServices;
using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// The schema lifecycle of the relational stores: the explicit schema step, the check once before the first
/// operation (gated so concurrent first calls share it), and the version gate that creates, upgrades or refuses.
/// </summary>
internal abstract partial class RelationalFlowStore
{
    /// <summary>
    /// Tells whether the database holds this library's schema: false when it holds no schema object at all, true
    /// when it has the version table. Throws a "ForeignDatabase" <see cref="SupervisionStoreException"/> when it
    /// holds objects of something else.
    /// </summary>
    protected abstract ValueTask<bool> HasSchemaAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Prepares a schema change before its transaction; nothing by default.</summary>
    protected virtual ValueTask PrepareUpgradeAsync(DbConnection connection, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Sets what the database keeps in its file and the store relies on, once the schema is known to be in place:
    /// wherever the schema may be written (the explicit schema step, and the first use when the options let it create
    /// the schema), whether or not it was changed, since a copy of a database may have lost the setting. A first use
    /// that only checks the schema writes nothing. Nothing by default.
    /// </summary>
    protected virtual ValueTask PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Starts a schema change inside its transaction, before the version is read again; nothing by default.</summary>
    protected virtual ValueTask BeginUpgradeAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Waits until the schema is known to be in place (or created, when the options allow).</summary>
    protected ValueTask WaitForSchemaAsync(CancellationToken cancellationToken) => _schemaGate.WaitAsync(_checkSchema, cancellationToken);

    /// <summary>Opens a connection once the schema is known to be in place (or created, when the options allow).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected async ValueTask<DbConnection> OpenReadyAsync(CancellationToken cancellationToken)
    {
        await WaitForSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<int> EnsureSchemaCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await EnsureSchemaAsync(connection, create: true, cancellationToken).ConfigureAwait(false);
        await PrepareDatabaseAsync(connection, cancellationToken).ConfigureAwait(false);
        _schemaGate.Pass();
        return version;
    }

    private async ValueTask<int?> CheckSchemaNowAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await EnsureSchemaAsync(connection, create: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckSchemaOnceAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await EnsureSchemaAsync(connection, _ensureSchemaOnFirstUse, CancellationToken.None).ConfigureAwait(false);
        if (_ensureSchemaOnFirstUse)
        {
            await PrepareDatabaseAsync(connection, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async ValueTask<int> EnsureSchemaAsync(DbConnection connection, bool create, CancellationToken cancellationToken)
    {
        var version = await ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (!RelationalSchemaVersion.NeedsUpgrade(version, CurrentVersion, create, Database))
        {
            return version;
        }

        await PrepareUpgradeAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(WriteIsolation, cancellationToken).ConfigureAwait(false);
        await BeginUpgradeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        // Read again inside the transaction: another process may have upgraded meanwhile.
        version = await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        for (var next = version + 1; next <= CurrentVersion; next++)
        {
            foreach (var statement in Migrations[next - 1])
            {
                await using var command = RelationalCommands.Create(connection, transaction, statement);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // Stryker disable once Equality,Logical : at version 0 the schema was just created (no row); version 2 code already filled what the step fills
        if (version is > 0 and < 2)
        {
            await FillDecisionDeadlinesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await using (var stamp = RelationalCommands.Create(connection, transaction, Sql.StampSchema,
            ("@version", CurrentVersion), ("@library", GetType().Assembly.GetName().Version!.ToString())))
        {
            await stamp.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return CurrentVersion;
    }

    /// <summary>
    /// Version 2 indexes the decision deadline of open appeals (the appeal queue; search, R29): fills it in for the flows an
    /// earlier version left frozen, from their stored state, in the upgrade's transaction.
    /// </summary>
    private async ValueTask FillDecisionDeadlinesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var deadlines = new List<(string OrderNumber, long Due)>();
        await using (var select = RelationalCommands.Create(connection, transaction, Sql.FrozenWithoutDecisionDue, ("@frozen", true)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (SupervisionStorageFormat.Flow.Deserialize(reader.GetString(1)).Appeal is { } appeal)
                    {
                        deadlines.Add((reader.GetString(0), RelationalFlowColumns.Nanos(appeal.DecisionDueAt)));
                    }
                }
                catch (FormatException)
                {
                    // A damaged row stays out of the queue; the sweep parks its timers and reports it.
                }
            }
        }

        foreach (var (orderNumber, due) in deadlines)
        {
            await using var update = RelationalCommands.Create(connection, transaction, Sql.SetDecisionDue, ("@due", due), ("@order", orderNumber));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the schema version: 0 for a database with no schema objects at all.</summary>
    private async ValueTask<int> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (!await HasSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        await using var command = RelationalCommands.Create(connection, transaction, Sql.SchemaVersion);
        var stored = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return RelationalSchemaVersion.Check(stored, Database, CurrentVersion, Package);
    }
}
