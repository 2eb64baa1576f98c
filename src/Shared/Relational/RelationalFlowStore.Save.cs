using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>The save algorithm of the relational stores: one transaction, the flow's version check first.</summary>
internal abstract partial class RelationalFlowStore
{
    /// <summary>Gets the driver's factory, which creates the parameters of a save's statements.</summary>
    protected abstract DbProviderFactory Factory { get; }

    /// <summary>
    /// Writes a change in one transaction: the flow (inserted for a new flow, else updated where the version
    /// is the one expected), the command outcome (where its id is free), the records and the outbox events.
    /// A flow that wrote no row is a version conflict, an outcome that wrote no row a taken command id; either
    /// rolls everything back. How the statements reach the database is the store's (<see cref="WriteAsync"/>).
    /// </summary>
    private async ValueTask<FlowSaveResult> SaveCoreAsync(FlowChange change, CancellationToken cancellationToken)
    {
        var columns = RelationalFlowColumns.Of(change.Flow);
        await _schemaGate.WaitAsync(CheckSchemaOnceAsync, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(change, columns, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="change"/> once the schema is known to be in place: by default as one batch (one round
    /// trip) on a connection of its own, in one transaction; the checks decide after every statement ran, so an insert
    /// of a record or an outcome must not fail on an existing row (<see cref="RelationalDialect.IgnoreConflict"/>).
    /// </summary>
    protected virtual async ValueTask<FlowSaveResult> WriteAsync(FlowChange change, RelationalFlowColumns columns, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(WriteIsolation, cancellationToken).ConfigureAwait(false);
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        var factory = Factory;
        var flow = Add(batch, change.ExpectedVersion == 0 ? Sql.InsertFlow : Sql.UpdateFlow);
        RelationalSaveParameters.Flow(flow.Parameters, factory, columns, change.ExpectedVersion);
        if (change.Outcome is { } outcome)
        {
            RelationalSaveParameters.Outcome(Add(batch, Sql.InsertOutcome).Parameters, factory, columns.OrderNumber, outcome);
        }

        foreach (var record in change.Records)
        {
            RelationalSaveParameters.Record(Add(batch, Sql.InsertRecord).Parameters, factory, record);
        }

        foreach (var supervisionEvent in change.Events)
        {
            RelationalSaveParameters.Event(Add(batch, Sql.InsertEvent).Parameters, factory, supervisionEvent, EventKey(supervisionEvent.Id));
        }

        await PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var result = flow.RecordsAffected != 1 ? FlowSaveResult.VersionConflict
            : change.Outcome is not null && batch.BatchCommands[1].RecordsAffected != 1 ? FlowSaveResult.CommandIdTaken
            : FlowSaveResult.Saved;
        if (result != FlowSaveResult.Saved)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return FlowSaveResult.Saved;
    }

    /// <summary>Prepares a save's batch before it runs; nothing by default.</summary>
    protected virtual ValueTask PrepareAsync(DbBatch batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private static DbBatchCommand Add(DbBatch batch, string sql)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        batch.BatchCommands.Add(command);
        return command;
    }
}
