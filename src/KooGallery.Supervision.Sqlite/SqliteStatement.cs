using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    // The UTF-8 bytes of the stored documents of one run, bound from here (SQLite copies them).
    private readonly ArrayBufferWriter<byte> _documents = new(2048);

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

    /// <summary>
    /// Runs a statement that reads at most one row and gives what <paramref name="read"/> makes of it (its columns
    /// read as they are stored, text as its UTF-8 bytes), or <paramref name="none"/> when there is no row.
    /// </summary>
    public T ReadOne<T>(RowReader<T> read, T none)
    {
        try
        {
            var code = raw.sqlite3_step(_statement);
            if (code == raw.SQLITE_DONE)
            {
                return none;
            }

            if (code != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(code, _database);
            }

            return read(new Row(_statement));
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>Makes a value of the current row.</summary>
    internal delegate T RowReader<T>(Row row);

    /// <summary>The current row of a statement, read in place: valid only inside <see cref="ReadOne"/>.</summary>
    internal readonly ref struct Row(sqlite3_stmt statement)
    {
        private readonly sqlite3_stmt _statement = statement;

        public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

        /// <summary>The column's text as UTF-8 bytes (SQLite converts it when the database keeps another encoding).</summary>
        public ReadOnlySpan<byte> Utf8(int column)
        {
            // The text first, then its length in bytes, as SQLite asks; the bytes stay valid until the statement moves on.
            var text = raw.sqlite3_column_text(_statement, column);
            var length = raw.sqlite3_column_bytes(_statement, column);
            return length == 0 ? [] : MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in text.GetPinnableReference()), length);
        }
    }

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

        public void Document<T>(string name, StoredDocumentFormat<T> format, T value)
            where T : class
        {
            var buffer = statement._documents;
            buffer.ResetWrittenCount();
            format.SerializeToUtf8(value, buffer);
            statement.Check(raw.sqlite3_bind_text(statement._statement, Next(name), buffer.WrittenSpan));
        }

        private int Next(string name) => statement.Index(_position++, name);
    }
}
