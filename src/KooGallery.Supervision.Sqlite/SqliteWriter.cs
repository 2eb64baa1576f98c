using KooGallery.Supervision.Relational;
using Microsoft.Data.Sqlite;

namespace KooGallery.Supervision.Sqlite;

/// <summary>
/// The one connection a SQLite store writes its saves on, kept open with the save's statements compiled on it, so a
/// save neither opens a connection nor compiles its statements (nor the append-only triggers they fire) again.
/// SQLite lets one writer at a time hold a database, so the store's saves take turns on it (a semaphore), and the
/// immediate transaction of each save still takes the file's write lock, which other processes respect. Opened on
/// the first save; after a save that failed for any reason but a check (the connection may be broken, or its
/// transaction left open) it is closed and the next save opens a new one. SQLite compiles a kept statement again by
/// itself after another connection changed the schema. Thread-safe.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Func<CancellationToken, ValueTask<SqliteConnection>> _open;
    private readonly RelationalSql _sql;
    private readonly Func<Guid, object> _eventKey;
    private Kept? _kept;
    private bool _disposed;

    /// <param name="open">Opens a connection with the store's pragmas.</param>
    /// <param name="sql">The store's statements.</param>
    /// <param name="eventKey">An event id in its stored form.</param>
    public SqliteWriter(Func<CancellationToken, ValueTask<SqliteConnection>> open, RelationalSql sql, Func<Guid, object> eventKey)
    {
        _open = open;
        _sql = sql;
        _eventKey = eventKey;
    }

    /// <summary>Gets how many connections the writer has opened (tests: a failed save is followed by a new one).</summary>
    public int Opened { get; private set; }

    /// <summary>Writes <paramref name="change"/> in one immediate transaction, the statements one by one, stopping at a failed check.</summary>
    public async ValueTask<FlowSaveResult> SaveAsync(FlowChange change, RelationalFlowColumns columns, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var kept = _kept ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return kept.Save(change, columns, _eventKey, cancellationToken);
            }
            catch
            {
                _kept = null;
                kept.Dispose();
                throw;
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _turn.Wait();
        CloseInTurn();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync().ConfigureAwait(false);
        CloseInTurn();
    }

    /// <summary>Closes what the writer keeps, once it has the turn (a save running finishes first), and gives the turn back.</summary>
    private void CloseInTurn()
    {
        try
        {
            _disposed = true;
            _kept?.Dispose();
            _kept = null;
        }
        finally
        {
            _turn.Release();
        }
    }

    private async ValueTask<Kept> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _open(cancellationToken).ConfigureAwait(false);
        Opened++;
        return new Kept(connection, _sql);  // closes the connection when a statement does not compile
    }

    /// <summary>
    /// The open connection and the save's statements compiled on it (<see cref="SqliteStatement"/>); the transaction's
    /// own statements are kept as commands (<c>BEGIN IMMEDIATE</c>, which waits for the file's write lock as
    /// Microsoft.Data.Sqlite does, <c>COMMIT</c>, <c>ROLLBACK</c>). The connection is not pooled, so closing it after a
    /// failure also ends whatever transaction the failure left open.
    /// </summary>
    private sealed class Kept : IDisposable, IRelationalSaveTarget<SqliteStatement.Parameters>
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _begin;
        private readonly SqliteCommand _commit;
        private readonly SqliteCommand _rollback;

        // The save's statements, one of each kind, in the order of RelationalStatement.
        private readonly List<SqliteStatement> _statements = [];
        private CancellationToken _cancellation;

        public Kept(SqliteConnection connection, RelationalSql sql)
        {
            _connection = connection;
            _begin = Command(connection, "BEGIN IMMEDIATE");
            _commit = Command(connection, "COMMIT");
            _rollback = Command(connection, "ROLLBACK");
            try
            {
                foreach (var statement in Enum.GetValues<RelationalStatement>())
                {
                    _statements.Add(new SqliteStatement(connection, sql.Of(statement)));
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public FlowSaveResult Save(FlowChange change, RelationalFlowColumns columns, Func<Guid, object> eventKey, CancellationToken cancellationToken)
        {
            // Every statement runs synchronously; a cancelled save stops between statements, and its transaction ends
            // with the connection, which the writer closes.
            _cancellation = cancellationToken;
            Run(_begin, cancellationToken);
            var result = RelationalSaveParameters.Write<Kept, SqliteStatement.Parameters>(this, change, columns, eventKey);
            if (result != FlowSaveResult.Saved)
            {
                _rollback.ExecuteNonQuery();
                return result;
            }

            Run(_commit, cancellationToken);
            return FlowSaveResult.Saved;
        }

        /// <summary>Gives the parameters of the kept statement of the kind <paramref name="statement"/>.</summary>
        public SqliteStatement.Parameters Next(RelationalStatement statement) => _statements[(int)statement].Bind();

        /// <summary>Runs the statement just filled, at once.</summary>
        public int Run(RelationalStatement statement)
        {
            _cancellation.ThrowIfCancellationRequested();
            return _statements[(int)statement].Execute();
        }

        public void Dispose()
        {
            // The compiled statements go first: a connection closes fully only once none is left.
            foreach (var statement in _statements)
            {
                statement.Dispose();
            }

            _connection.Dispose();
        }

        private static int Run(SqliteCommand command, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return command.ExecuteNonQuery();
        }

        private static SqliteCommand Command(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }
    }
}
