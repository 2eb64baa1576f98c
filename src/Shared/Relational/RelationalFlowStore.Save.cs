using System.Runtime.CompilerServices;
using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>The save algorithm of the relational stores: one transaction, the flow's version check first.</summary>
internal abstract partial class RelationalFlowStore
{
    /// <summary>The most save batches, and first-read commands, kept for later calls: about as many as calls run at once.</summary>
    private const int KeptPerKind = 16;
    private readonly KeptObjects<RelationalSaveBatch> _batches = new(KeptPerKind);

    /// <summary>Gets what makes the parameters of a save's statements and gives them their values.</summary>
    protected abstract RelationalParameterMaker Parameters { get; }

    /// <summary>Whether the driver takes a text parameter as UTF-8 bytes, and reads a text column as them; then the stored documents go without a string between.</summary>
    protected virtual bool Utf8Documents => false;

    /// <summary>
    /// Writes a change in one transaction: the flow (inserted for a new flow, else updated where the version
    /// is the one expected), the command outcome (where its id is free), the records and the outbox events.
    /// A flow that wrote no row is a version conflict, an outcome that wrote no row a taken command id; either
    /// rolls everything back. How the statements reach the database is the store's (<see cref="WriteAsync"/>).
    /// </summary>
    private ValueTask<FlowSaveResult> SaveCoreAsync(FlowChange change, CancellationToken cancellationToken)
    {
        var columns = RelationalFlowColumns.Of(change.Flow);
        var schema = WaitForSchemaAsync(cancellationToken);
        if (schema.IsCompletedSuccessfully)
        {
            // The schema is known to be in place (every save but the first ones): no state of its own for this call.
            schema.GetAwaiter().GetResult();
            return WriteAsync(change, columns, cancellationToken);
        }

        return WriteAfterSchemaAsync(schema, change, columns, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlowSaveResult> WriteAfterSchemaAsync(ValueTask schema, FlowChange change, RelationalFlowColumns columns, CancellationToken cancellationToken)
    {
        await schema.ConfigureAwait(false);
        return await WriteAsync(change, columns, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="change"/> once the schema is known to be in place: by default as one batch on a connection
    /// of its own, one round trip in one implicit transaction, for a dialect whose checks fail on the server
    /// (<see cref="RelationalSql.ChecksOnServer"/>): a failed check raises an error that rolls the whole batch back, and
    /// <see cref="FailedCheck"/> names the check. The outcome's insert must not fail on an existing row
    /// (<see cref="RelationalDialect.IgnoreConflict"/>); a record's may, as the flow's write before it already checked
    /// the version, so a record meeting an existing sequence is a change whose records are wrong. The batch, its commands and their parameters are kept for a later
    /// save. A store whose checks decide on the client writes its own way (SQLite overrides this).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected virtual async ValueTask<FlowSaveResult> WriteAsync(FlowChange change, RelationalFlowColumns columns, CancellationToken cancellationToken)
    {
        var connection = await OpenForCommandAsync(cancellationToken).ConfigureAwait(false);
        var healthy = false;
        RelationalSaveBatch? kept = null;
        try
        {
            kept = _batches.Take() ?? new RelationalSaveBatch(connection, Sql);
            kept.Fill(connection, Parameters, Utf8Documents, change, columns, _eventKey);
            await PrepareAsync(kept.Batch, cancellationToken).ConfigureAwait(false);
            FlowSaveResult result;
            try
            {
                await kept.Batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                result = FlowSaveResult.Saved;
            }
            catch (Exception exception) when (FailedCheck(exception) is { } failed)
            {
                // The server rolled the whole batch back; the connection and the batch are as good as after a save.
                result = failed;
            }

            healthy = true;
            return result;
        }
        finally
        {
            // A batch or a connection whose call failed is not kept: nothing says what state the driver left it in.
            kept?.Release();
            if (healthy)
            {
                _batches.Keep(kept!);
            }

            await ReleaseAsync(connection, healthy).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Tells which check of a save failed on the server, from the error <paramref name="exception"/> that ended the batch:
    /// the check of the flow's write (a version conflict), of the outcome's insert (a taken command id), or none (null:
    /// the error is not a failed check). None by default: a store whose checks decide on the client writes its own way.
    /// </summary>
    protected virtual FlowSaveResult? FailedCheck(Exception exception) => null;

    /// <summary>Prepares a save's batch before it runs; nothing by default.</summary>
    protected virtual ValueTask PrepareAsync(DbBatch batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Prepares a command's first read before it runs; nothing by default.</summary>
    protected virtual ValueTask PrepareAsync(DbCommand command, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
