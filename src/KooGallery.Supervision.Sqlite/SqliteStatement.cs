using KooGallery.Supervision.Relational;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KooGallery.Supervision.Sqlite;

/// <summary>
/// One statement compiled once on a kept connection and run many times: its parameters bound straight from the values
/// (text from the string's characters, numbers as they are), with no command, parameter, binder or reader object per
/// run. SQLite compiles it again by itself when another connection changed the schema. A failure throws the
/// <see cref="SqliteException"/> Microsoft.Data.Sqlite would, with SQLite's code and message. Not thread-safe: the
/// connection's owner runs one statement at a time.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    // SQLite's number of each parameter, by the position its filler gives it (RelationalSaveParameters); found once.
    private int[] _indexes = [];

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var code = raw.sqlite3_prepare_v2(_database, sql, out _statement);
        if (code != raw.SQLITE_OK)
        {
            _statement.Dispose();
            SqliteException.ThrowExceptionForRC(code, _database);
        }
    }

    /// <summary>Gives the parameters to fill before <see cref="Execute"/>.</summary>
    public Parameters Bind() => new(this);

    /// <summary>Runs the statement to its end and gives the number of rows it changed (rows changed by triggers not counted).</summary>
    public int Execute()
    {
        try
        {
            var code = raw.sqlite3_step(_statement);
            if (code != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(code, _database);
                throw new InvalidOperationException("A save's statement returned rows.");
            }

            return raw.sqlite3_changes(_database);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private int Index(int position, string name)
    {
        if (position < _indexes.Length && _indexes[position] != 0)
        {
            return _indexes[position];
        }

        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        if (index == 0)
        {
            throw new InvalidOperationException($"The statement names no parameter {name}.");
        }

        if (position >= _indexes.Length)
        {
            Array.Resize(ref _indexes, position + 1);
        }

        _indexes[position] = index;
        return index;
    }

    private void Check(int code)
    {
        if (code != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(code, _database);
        }
    }

    /// <summary>Binds a statement's parameters in the order its filler gives them.</summary>
    internal struct Parameters(SqliteStatement statement) : IRelationalParameters
    {
        private int _position;

        public void Text(string name, string value) => statement.Check(raw.sqlite3_bind_text16(statement._statement, Next(name), value));

        public void Int64(string name, long value) => statement.Check(raw.sqlite3_bind_int64(statement._statement, Next(name), value));

        public void Int32(string name, int value) => statement.Check(raw.sqlite3_bind_int64(statement._statement, Next(name), value));

        public void Boolean(string name, bool value) => statement.Check(raw.sqlite3_bind_int64(statement._statement, Next(name), value ? 1 : 0));

        public void Nanos(string name, long? value) => statement.Check(value is { } nanos
            ? raw.sqlite3_bind_int64(statement._statement, Next(name), nanos)
            : raw.sqlite3_bind_null(statement._statement, Next(name)));

        public void Key(string name, object value) => Text(name, (string)value);

        private int Next(string name) => statement.Index(_position++, name);
    }
}
