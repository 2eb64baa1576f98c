using System.Data.Common;
using NodaTime.Text;

namespace KooGallery.Supervision.Relational;

/// <summary>The save algorithm of the relational stores: one transaction, the flow's version check first.</summary>
internal abstract partial class RelationalFlowStore
{
    /// <summary>
    /// Writes a change in one transaction: the flow (inserted for a new flow, else updated where the version
    /// is the one expected), the command outcome (where its id is free), the records and the outbox events.
    /// A flow that wrote no row is a version conflict, an outcome that wrote no row a taken command id; either
    /// rolls everything back.
    /// </summary>
    private async ValueTask<FlowSaveResult> SaveCoreAsync(FlowChange change, CancellationToken cancellationToken)
    {
        var columns = RelationalFlowColumns.Of(change.Flow);

        // Each statement gets only the parameters it names: an update leaves the columns fixed at creation alone.
        (string Name, object? Value)[] flowParameters = change.ExpectedVersion == 0
            ?
            [
                ("@order", columns.OrderNumber), ("@version", columns.Version), ("@buyer", columns.BuyerId), ("@seller", columns.SellerId),
                ("@product", columns.ProductId), ("@stage", columns.Stage), ("@status", columns.Status), ("@placed", columns.PlacedAt),
                ("@waiting", columns.WaitingOn), ("@appeal", columns.UnderAppeal), ("@stall", columns.StallDueAt), ("@due", columns.NextDueAt),
                ("@decision", columns.DecisionDueAt), ("@state", columns.State),
            ]
            :
            [
                ("@order", columns.OrderNumber), ("@version", columns.Version), ("@stage", columns.Stage), ("@status", columns.Status),
                ("@waiting", columns.WaitingOn), ("@appeal", columns.UnderAppeal), ("@stall", columns.StallDueAt), ("@due", columns.NextDueAt),
                ("@decision", columns.DecisionDueAt), ("@state", columns.State), ("@expected", change.ExpectedVersion),
            ];
        var statements = new List<Statement>(2 + change.Records.Count + change.Events.Count)
        {
            new(change.ExpectedVersion == 0 ? Sql.InsertFlow : Sql.UpdateFlow, FlowSaveResult.VersionConflict, flowParameters),
        };
        if (change.Outcome is { } outcome)
        {
            statements.Add(new(Sql.InsertOutcome, FlowSaveResult.CommandIdTaken,
                [("@order", columns.OrderNumber), ("@id", outcome.CommandId), ("@outcome", SupervisionStorageFormat.SerializeOutcome(outcome))]));
        }

        foreach (var record in change.Records)
        {
            statements.Add(new(Sql.InsertRecord, FlowSaveResult.Saved,
            [
                ("@order", record.OrderNumber), ("@sequence", record.Sequence), ("@at", InstantPattern.ExtendedIso.Format(record.At)),
                ("@action", record.Action.ToString()), ("@body", SupervisionStorageFormat.SerializeRecord(record)),
            ]));
        }

        foreach (var supervisionEvent in change.Events)
        {
            statements.Add(new(Sql.InsertEvent, FlowSaveResult.Saved,
                [("@id", EventKey(supervisionEvent.Id)), ("@order", supervisionEvent.OrderNumber), ("@body", SupervisionStorageFormat.SerializeEvent(supervisionEvent))]));
        }

        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(WriteIsolation, cancellationToken).ConfigureAwait(false);
        var result = Batches
            ? await RunBatchAsync(connection, transaction, statements, cancellationToken).ConfigureAwait(false)
            : await RunEachAsync(connection, transaction, statements, cancellationToken).ConfigureAwait(false);
        if (result != FlowSaveResult.Saved)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return FlowSaveResult.Saved;
    }

    /// <summary>Runs the statements one by one and stops at the first whose check fails.</summary>
    private static async ValueTask<FlowSaveResult> RunEachAsync(DbConnection connection, DbTransaction transaction, List<Statement> statements, CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
        {
            await using var command = RelationalCommands.Create(connection, transaction, statement.Sql, statement.Parameters);
            var written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (statement.FailsAs != FlowSaveResult.Saved && written != 1)
            {
                return statement.FailsAs;
            }
        }

        return FlowSaveResult.Saved;
    }

    /// <summary>Runs the statements as one batch (one round trip), then reads the checks in order.</summary>
    private static async ValueTask<FlowSaveResult> RunBatchAsync(DbConnection connection, DbTransaction transaction, List<Statement> statements, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, value) in statement.Parameters)
            {
                command.Parameters.Add(RelationalCommands.Parameter(command.CreateParameter(), name, value));
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i].FailsAs != FlowSaveResult.Saved && batch.BatchCommands[i].RecordsAffected != 1)
            {
                return statements[i].FailsAs;
            }
        }

        return FlowSaveResult.Saved;
    }

    /// <summary>One statement of a save; one that must write exactly one row names the result it fails the save with.</summary>
    private readonly record struct Statement(string Sql, FlowSaveResult FailsAs, (string Name, object? Value)[] Parameters);
}
