using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// Counts one more failure of a row and moves its due key to the retry instant, in one transaction:
/// parking a flow's timers (<see cref="IServiceFlowStore.ParkTimersAsync"/>) and deferring an event
/// (<see cref="IServiceFlowStore.DeferEventAsync"/>) on both relational stores.
/// </summary>
internal static class RelationalRetry
{
    /// <summary>The due key of an outbox event never deferred: below every retry key, so such events come first.</summary>
    public const long NeverDeferred = long.MinValue;

    /// <summary>
    /// Counts one more failure of the row <paramref name="key"/> names and moves its due key, in one transaction
    /// on <paramref name="connection"/>, with the statements of <paramref name="sql"/>.
    /// </summary>
    public static Task<int> CountFailureAsync(DbConnection connection, Statements sql, object key, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        CountFailureAsync(connection, sql.Read, sql.Write, key, retryAt, cancellationToken);

    /// <summary>
    /// Reads the row's failure count with <paramref name="readSql"/> (two columns: the count, and the due key
    /// or null when the row has no due key to move), adds one, and writes the count and the retry key with
    /// <paramref name="writeSql"/>. Both statements name the row by <c>@key</c>; the write takes <c>@count</c>
    /// and <c>@due</c>. The read must lock the row where the database needs it (PostgreSQL: <c>FOR UPDATE</c>).
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="readSql">Reads the count and the due key.</param>
    /// <param name="writeSql">Writes the count and the retry key.</param>
    /// <param name="key">The row's key.</param>
    /// <param name="retryAt">Gives the retry instant for the count; called only when the row has a due key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new count; 0 when no row matched.</returns>
    public static async Task<int> CountFailureAsync(DbConnection connection, string readSql, string writeSql, object key, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int count;
        bool scheduled;
        await using (var read = RelationalCommands.Create(connection, transaction, readSql, ("@key", key)))
        {
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            count = checked(reader.GetInt32(0) + 1);
            scheduled = !await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false);
        }

        // A retry key is never the never-deferred key, so a deferred event always sorts after fresh ones.
        var due = scheduled ? Math.Max(RelationalFlowColumns.Nanos(retryAt(count)), NeverDeferred + 1) : NeverDeferred;
        await using (var write = RelationalCommands.Create(connection, transaction, writeSql, ("@key", key), ("@count", count), ("@due", due)))
        {
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>The two statements of <see cref="CountFailureAsync(DbConnection, string, string, object, Func{int, Instant}, CancellationToken)"/> for one kind of row.</summary>
    /// <param name="Read">Reads the count and the due key of the row <c>@key</c>, locking it where the database needs it.</param>
    /// <param name="Write">Writes <c>@count</c> and the retry key <c>@due</c> to the row <c>@key</c>.</param>
    public readonly record struct Statements(string Read, string Write);
}
