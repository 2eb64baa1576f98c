using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// A save's batch kept for the next save, with its commands and their parameters: a save takes one from the store's
/// few (or makes one), runs it on its own connection and gives it back, so saves neither build commands nor
/// parameters again. Each kind of statement has its list of commands; a save uses as many of each as it needs.
/// The kept commands number their parameters (<c>$1</c>, <c>$2</c>, … as PostgreSQL does) instead of naming them,
/// so the driver sends their text as it is, with no rewriting of names on every run. Not thread-safe: one save at a
/// time uses it.
/// </summary>
internal sealed partial class RelationalSaveBatch : IRelationalSaveTarget<CollectionParameters>
{
    private readonly RelationalSql _sql;
    private readonly DbBatch _batch;
    private readonly List<Kept> _records = [];
    private readonly List<Kept> _events = [];
    private Kept? _insertFlow;
    private Kept? _updateFlow;
    private Kept? _outcome;

    // The fill under way: how parameters are made, how many records and events it used, and the command just given.
    private RelationalParameterMaker? _maker;
    private bool _utf8Documents;
    private int _recordsUsed;
    private int _eventsUsed;
    private Kept? _current;

    public RelationalSaveBatch(DbConnection connection, RelationalSql sql)
    {
        _sql = sql;
        _batch = connection.CreateBatch();
    }

    /// <summary>Gets the batch, filled by <see cref="Fill"/>.</summary>
    public DbBatch Batch => _batch;

    /// <summary>
    /// Fills the batch with the statements of <paramref name="change"/> (<see cref="RelationalSaveParameters.Write"/>)
    /// for a run on <paramref name="connection"/> (one implicit transaction). With <paramref name="utf8Documents"/>
    /// the stored documents are sent as their UTF-8 bytes, written into a buffer each command keeps (the driver must
    /// take bytes for a text parameter).
    /// </summary>
    public void Fill(DbConnection connection, RelationalParameterMaker maker, bool utf8Documents, FlowChange change, in RelationalFlowColumns columns, Func<Guid, object> eventKey)
    {
        _batch.BatchCommands.Clear();
        _batch.Connection = connection;
        _maker = maker;
        _utf8Documents = utf8Documents;
        _recordsUsed = 0;
        _eventsUsed = 0;
        RelationalSaveParameters.Write<RelationalSaveBatch, CollectionParameters>(this, change, columns, eventKey);
    }

    /// <summary>Adds a kept command of the kind <paramref name="statement"/> to the batch and gives its parameters.</summary>
    public CollectionParameters Next(RelationalStatement statement)
    {
        _current = statement switch
        {
            RelationalStatement.InsertFlow => Use(ref _insertFlow),
            RelationalStatement.UpdateFlow => Use(ref _updateFlow),
            RelationalStatement.InsertOutcome => Use(ref _outcome),
            RelationalStatement.InsertRecord => Use(_records, _recordsUsed++),
            _ => Use(_events, _eventsUsed++),
        };
        return _current.Parameters(_maker!, _utf8Documents);
    }

    /// <summary>Queues the command just filled: the batch runs it with the others.</summary>
    public int Run(RelationalStatement statement)
    {
        _current!.Number(_sql.Of(statement));
        return RelationalSaveParameters.Queued;
    }

    /// <summary>Lets go of the connection and the values of the last save before the batch is kept.</summary>
    public void Release()
    {
        _current = null;
        _batch.Connection = null;
        _batch.BatchCommands.Clear();
    }

    /// <summary>
    /// Gives <paramref name="sql"/> with each parameter name replaced by the number of the parameter of that name in
    /// <paramref name="parameters"/> (<c>$1</c> for the first added), and takes the parameters' names away.
    /// </summary>
    public static string Numbered(DbParameterCollection parameters, string sql)
    {
        var names = new List<string>(parameters.Count);
        foreach (DbParameter parameter in parameters)
        {
            names.Add(parameter.ParameterName);
        }

        var numbered = ParameterName().Replace(sql, match =>
        {
            var index = names.IndexOf(match.Value);
            return index >= 0 ? "$" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"The statement names the parameter {match.Value}, which is not given: {sql}");
        });
        foreach (DbParameter parameter in parameters)
        {
            parameter.ParameterName = string.Empty;
        }

        return numbered;
    }

    [System.Text.RegularExpressions.GeneratedRegex("@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial System.Text.RegularExpressions.Regex ParameterName();

    private Kept Use(ref Kept? kept)
    {
        kept ??= new Kept(_batch.CreateBatchCommand());
        _batch.BatchCommands.Add(kept.Command);
        return kept;
    }

    private Kept Use(List<Kept> kept, int index)
    {
        if (index == kept.Count)
        {
            kept.Add(new Kept(_batch.CreateBatchCommand()));
        }

        _batch.BatchCommands.Add(kept[index].Command);
        return kept[index];
    }

    /// <summary>A command kept in the batch, with the buffer its stored document is written into.</summary>
    private sealed class Kept(DbBatchCommand command)
    {
        private System.Buffers.ArrayBufferWriter<byte>? _documents;

        public DbBatchCommand Command { get; } = command;

        public CollectionParameters Parameters(RelationalParameterMaker maker, bool utf8Documents) =>
            new(Command.Parameters, maker, utf8Documents ? _documents ??= new(1024) : null);

        /// <summary>Gives a new command its text once its parameters are made (<see cref="Numbered"/>).</summary>
        public void Number(string sql)
        {
            if (Command.CommandText is { Length: > 0 } text)
            {
                // Set again: Npgsql then forgets the prepared statement of the connection the command last ran on, and
                // finds the one of this save's connection (or prepares it there).
                Command.CommandText = text;
                return;
            }

            Command.CommandText = Numbered(Command.Parameters, sql);
        }
    }
}
