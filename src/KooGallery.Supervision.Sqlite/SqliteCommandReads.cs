using KooGallery.Supervision.Relational;
using Microsoft.Data.Sqlite;

namespace KooGallery.Supervision.Sqlite;

/// <summary>
/// The connections a SQLite store reads a command's flow on (<see cref="RelationalSql.LoadForCommand"/>), each kept
/// open with that statement prepared on it, so a command's first read neither opens a connection nor compiles the
/// statement again. A read takes a kept connection or opens one, and gives it back after; at most
/// <see cref="MaxKept"/> are kept (about as many as commands read at once), the others closed. A connection whose
/// read failed, for whatever reason, is closed rather than kept. Reads run side by side (the write-ahead log lets
/// readers run beside the writer); each read sees the database as committed when it starts. Thread-safe.
/// </summary>
internal sealed class SqliteCommandReads : IDisposable
{
    /// <summary>The most connections kept between reads.</summary>
    public const int MaxKept = 8;

    private readonly KeptObjects<Kept> _kept = new(MaxKept);
    private readonly Func<CancellationToken, ValueTask<SqliteConnection>> _open;
    private readonly string _sql;

    /// <param name="open">Opens a connection with the store's pragmas.</param>
    /// <param name="sql">The statement that reads a command's flow and outcome.</param>
    public SqliteCommandReads(Func<CancellationToken, ValueTask<SqliteConnection>> open, string sql)
    {
        _open = open;
        _sql = sql;
    }

    /// <summary>Gets how many connections are kept now (tests).</summary>
    public int KeptCount => _kept.Count;

    /// <summary>Reads the flow <paramref name="orderNumber"/> and the outcome under <paramref name="commandId"/>.</summary>
    public async ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> ReadAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        // The read itself runs synchronously (as Microsoft.Data.Sqlite's asynchronous reads do): a cancellation is
        // seen before a connection is taken, so it never costs a healthy one.
        cancellationToken.ThrowIfCancellationRequested();
        var kept = _kept.Take() ?? new Kept(await _open(cancellationToken).ConfigureAwait(false), _sql);
        (ServiceFlow? Flow, CommandOutcome? Outcome) read;
        try
        {
            read = kept.Read(orderNumber, commandId);
        }
        catch
        {
            kept.Dispose();
            throw;
        }

        if (!_kept.Keep(kept))
        {
            kept.Dispose();
        }

        return read;
    }

    /// <summary>Closes the kept connections; a read after it opens and closes its own.</summary>
    public void Dispose() => _kept.Close(static kept => kept.Dispose());

    /// <summary>An open connection with the statement compiled on it.</summary>
    private sealed class Kept : IDisposable
    {
        private static readonly SqliteStatement.RowReader<(ServiceFlow? Flow, CommandOutcome? Outcome)> ReadRow = row =>
            (SupervisionStorageFormat.Flow.DeserializeFromUtf8(row.Utf8(0)), row.IsNull(1) ? null : SupervisionStorageFormat.Outcome.DeserializeFromUtf8(row.Utf8(1)));

        private readonly SqliteConnection _connection;
        private readonly SqliteStatement _statement;

        public Kept(SqliteConnection connection, string sql)
        {
            _connection = connection;
            try
            {
                _statement = new SqliteStatement(connection, sql);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public (ServiceFlow? Flow, CommandOutcome? Outcome) Read(string orderNumber, string commandId)
        {
            var parameters = _statement.Bind();
            parameters.Text("@order", orderNumber);
            parameters.Text("@id", commandId);
            return _statement.ReadOne(ReadRow, (null, null));
        }

        public void Dispose()
        {
            _statement.Dispose();
            _connection.Dispose();
        }
    }
}
