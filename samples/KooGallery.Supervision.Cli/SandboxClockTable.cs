using System;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;
using NodaTime.Text;

namespace KooGallery.Supervision.Cli;

/// <summary>
/// The sandbox clock's one row, in a table of the tool's own beside the store's tables
/// (<c>koogallery_cli_sandbox_clock</c>): a database with that row runs every command at that instant.
/// </summary>
internal sealed class SandboxClockTable(DbConnection connection)
{
    private const string Table = "koogallery_cli_sandbox_clock";

    private bool IsSqlite => connection.GetType().Name.StartsWith("Sqlite", System.StringComparison.Ordinal);

    /// <summary>Whether the database has the table (a sandbox clock was started in it once).</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        await using var exists = connection.CreateCommand();
        exists.CommandText = IsSqlite
            ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{Table}'"
            : $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{Table}'";
        return System.Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    public async Task<Instant?> ReadAsync(CancellationToken cancellationToken) =>
        await ExistsAsync(cancellationToken) ? await ReadRowAsync(null, forUpdate: false, cancellationToken) : null;

    /// <summary>
    /// Moves the clock in one transaction that holds the row (SQLite: the database's write lock, taken at the start;
    /// PostgreSQL: the row's lock, under read committed, so a move that waited reads the row the other wrote), so that
    /// two commands moving it at once never lose a move or set it back: <paramref name="move"/> gets the instant the
    /// clock has now and returns the new one, or throws (then nothing is written).
    /// </summary>
    public async Task<(Instant Before, Instant After)> MoveAsync(Func<Instant, Instant> move, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        var before = await ReadRowAsync(transaction, forUpdate: !IsSqlite, cancellationToken)
            ?? throw new InvalidOperationException("The sandbox clock has no row.");
        var after = move(before);
        await WriteRowAsync(transaction, after, replace: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (before, after);
    }

    private async Task<Instant?> ReadRowAsync(DbTransaction? transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT now FROM {Table} WHERE id = 1" + (forUpdate ? " FOR UPDATE" : string.Empty);
        return await read.ExecuteScalarAsync(cancellationToken) is string text ? InstantPattern.ExtendedIso.Parse(text).Value : null;
    }

    /// <summary>Starts the clock at <paramref name="now"/>, unless another invocation has just started one.</summary>
    public async Task StartAsync(Instant now, CancellationToken cancellationToken)
    {
        try
        {
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE TABLE IF NOT EXISTS {Table} (id INTEGER PRIMARY KEY, now TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException)
        {
            // Another invocation made the table at the same moment (PostgreSQL's IF NOT EXISTS does not wait for it):
            // fine when the table is there now.
            if (!await ExistsAsync(cancellationToken))
            {
                throw;
            }
        }

        await WriteRowAsync(null, now, replace: false, cancellationToken);
    }

    private async Task WriteRowAsync(DbTransaction? transaction, Instant now, bool replace, CancellationToken cancellationToken)
    {
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = $"INSERT INTO {Table} (id, now) VALUES (1, @now) ON CONFLICT (id) DO " + (replace ? "UPDATE SET now = excluded.now" : "NOTHING");
        var parameter = write.CreateParameter();
        parameter.ParameterName = "now";
        parameter.Value = InstantPattern.ExtendedIso.Format(now);
        write.Parameters.Add(parameter);
        await write.ExecuteNonQueryAsync(cancellationToken);
    }
}
