using System.Data;
using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// The parameters of a save's statements, in the order each statement names them, written once for every way a
/// store binds them (<see cref="IRelationalParameters"/>): a driver's parameter collection
/// (<see cref="CollectionParameters"/>), or SQLite's statement itself.
/// </summary>
internal static class RelationalSaveParameters
{
    /// <summary>The row count a target gives for a statement it queued, whose check the server makes when the batch runs (<see cref="RelationalSql.ChecksOnServer"/>).</summary>
    public const int Queued = -1;

    /// <summary>
    /// The save, once for every store: the flow (inserted for a new flow, else updated where the version is the one
    /// expected), the command outcome (where its id is free), the records and the outbox events, each statement filled
    /// and handed to <paramref name="target"/>, which runs it at once or queues it in a batch. A statement run at once
    /// that fails its check ends the save with that check's result; the caller rolls back.
    /// </summary>
    public static FlowSaveResult Write<TTarget, TParameters>(TTarget target, FlowChange change, in RelationalFlowColumns columns, Func<Guid, object> eventKey)
        where TTarget : IRelationalSaveTarget<TParameters>
        where TParameters : struct, IRelationalParameters
    {
        var flow = change.ExpectedVersion == 0 ? RelationalStatement.InsertFlow : RelationalStatement.UpdateFlow;
        var parameters = target.Next(flow);
        Flow(ref parameters, columns, change.ExpectedVersion);
        if (Fails(target.Run(flow)))
        {
            return FlowSaveResult.VersionConflict;
        }

        if (change.Outcome is { } outcome)
        {
            parameters = target.Next(RelationalStatement.InsertOutcome);
            Outcome(ref parameters, columns.OrderNumber, outcome);
            if (Fails(target.Run(RelationalStatement.InsertOutcome)))
            {
                return FlowSaveResult.CommandIdTaken;
            }
        }

        foreach (var record in change.Records)
        {
            parameters = target.Next(RelationalStatement.InsertRecord);
            Record(ref parameters, record);
            target.Run(RelationalStatement.InsertRecord);
        }

        foreach (var supervisionEvent in change.Events)
        {
            parameters = target.Next(RelationalStatement.InsertEvent);
            Event(ref parameters, supervisionEvent, eventKey(supervisionEvent.Id));
            target.Run(RelationalStatement.InsertEvent);
        }

        return FlowSaveResult.Saved;
    }

    /// <summary>Fills the parameters of <see cref="RelationalSql.InsertFlow"/> (a new flow) or <see cref="RelationalSql.UpdateFlow"/>.</summary>
    public static void Flow<T>(ref T parameters, in RelationalFlowColumns columns, long expectedVersion)
        where T : struct, IRelationalParameters
    {
        parameters.Text("@order", columns.OrderNumber);
        parameters.Int64("@version", columns.Version);
        if (expectedVersion == 0)
        {
            // The order's own columns, which never change: only the insert writes them.
            parameters.Text("@buyer", columns.BuyerId);
            parameters.Text("@seller", columns.SellerId);
            parameters.Text("@product", columns.ProductId);
            parameters.Int64("@placed", columns.PlacedAt);
        }

        parameters.Int32("@stage", columns.Stage);
        parameters.Int32("@status", columns.Status);
        parameters.Int32("@waiting", columns.WaitingOn);
        parameters.Boolean("@appeal", columns.UnderAppeal);
        parameters.Nanos("@stall", columns.StallDueAt);
        parameters.Nanos("@due", columns.NextDueAt);
        parameters.Nanos("@decision", columns.DecisionDueAt);
        parameters.Document("@state", SupervisionStorageFormat.Flow, columns.Flow);
        if (expectedVersion != 0)
        {
            parameters.Int64("@expected", expectedVersion);
        }
    }

    /// <summary>Fills the parameters of <see cref="RelationalSql.InsertOutcome"/>.</summary>
    public static void Outcome<T>(ref T parameters, string orderNumber, CommandOutcome outcome)
        where T : struct, IRelationalParameters
    {
        parameters.Text("@order", orderNumber);
        parameters.Text("@id", outcome.CommandId);
        parameters.Document("@outcome", SupervisionStorageFormat.Outcome, outcome);
    }

    /// <summary>Fills the parameters of <see cref="RelationalSql.InsertRecord"/>.</summary>
    public static void Record<T>(ref T parameters, OperationRecord record)
        where T : struct, IRelationalParameters
    {
        parameters.Text("@order", record.OrderNumber);
        parameters.Int64("@sequence", record.Sequence);
        parameters.Text("@at", SupervisionStorageFormat.FormatInstant(record.At));
        parameters.Text("@action", record.Action.ToString());
        parameters.Document("@body", SupervisionStorageFormat.Record, record);
    }

    /// <summary>Fills the parameters of <see cref="RelationalSql.InsertEvent"/>; <paramref name="eventKey"/> is the event id in its stored form.</summary>
    public static void Event<T>(ref T parameters, SupervisionEvent supervisionEvent, object eventKey)
        where T : struct, IRelationalParameters
    {
        parameters.Key("@id", eventKey);
        parameters.Text("@order", supervisionEvent.OrderNumber);
        parameters.Document("@body", SupervisionStorageFormat.Event, supervisionEvent);
    }

    /// <summary>A checked statement fails when it ran and wrote anything but exactly one row.</summary>
    private static bool Fails(int rows) => rows != Queued && rows != 1;
}

/// <summary>The kinds of statement a save runs (<see cref="RelationalSql.Of"/> gives each one's text).</summary>
internal enum RelationalStatement
{
    InsertFlow,
    UpdateFlow,
    InsertOutcome,
    InsertRecord,
    InsertEvent,
}

/// <summary>Where <see cref="RelationalSaveParameters.Write"/> hands a save's statements: run one by one, or queued in a batch.</summary>
/// <typeparam name="TParameters">How the target binds a statement's parameters.</typeparam>
internal interface IRelationalSaveTarget<TParameters>
    where TParameters : struct, IRelationalParameters
{
    /// <summary>Gives the parameters of the next statement of the kind <paramref name="statement"/>, to be filled.</summary>
    TParameters Next(RelationalStatement statement);

    /// <summary>Runs the statement just filled and gives the rows it wrote, or queues it and gives <see cref="RelationalSaveParameters.Queued"/>.</summary>
    int Run(RelationalStatement statement);
}

/// <summary>Takes the parameters of a statement one by one, in the order the statement's filler gives them.</summary>
internal interface IRelationalParameters
{
    void Text(string name, string value);

    void Int64(string name, long value);

    void Int32(string name, int value);

    void Boolean(string name, bool value);

    /// <summary>An instant column that may be null, as Unix nanoseconds: typed as a 64-bit integer for a null and a value alike.</summary>
    void Nanos(string name, long? value);

    /// <summary>A key in its stored form (an event id: text on SQLite, a UUID on PostgreSQL).</summary>
    void Key(string name, object value);

    /// <summary>A document in its stored form (<paramref name="format"/>), as text.</summary>
    void Document<T>(string name, StoredDocumentFormat<T> format, T value)
        where T : class;
}

/// <summary>
/// Fills a driver's parameter collection: adds the parameters when the collection is new and only sets their values
/// when it already holds them, so a command kept across saves reuses the same parameter objects. With a buffer, the
/// statement's stored document is written into it and given as its UTF-8 bytes, typed as text (one document per
/// statement: the buffer holds it until the statement ran); else as a string.
/// </summary>
internal struct CollectionParameters(DbParameterCollection parameters, RelationalParameterMaker maker, System.Buffers.ArrayBufferWriter<byte>? documents = null) : IRelationalParameters
{
    private int _index;

    public void Text(string name, string value) => Set(name, null, value);

    public void Int64(string name, long value) => Set(name, null, value);

    public void Int32(string name, int value) => Set(name, null, value);

    public void Boolean(string name, bool value) => Set(name, null, value);

    public void Nanos(string name, long? value) => Set(name, DbType.Int64, value);

    public void Key(string name, object value) => Set(name, null, value);

    /// <summary>A stored document: its UTF-8 bytes when the store gave a buffer for them, else its text.</summary>
    public void Document<T>(string name, StoredDocumentFormat<T> format, T value)
        where T : class
    {
        if (documents is null)
        {
            Text(name, format.Serialize(value));
            return;
        }

        documents.ResetWrittenCount();
        format.SerializeToUtf8(value, documents);
        Set(name, DbType.String, documents.WrittenMemory);
    }

    /// <summary>Gives the statement's next parameter its value, making the parameter first when the collection is new.</summary>
    private void Set<T>(string name, DbType? type, T value)
    {
        var index = _index++;
        var parameter = index < parameters.Count ? parameters[index] : Add<T>(name, type);
        maker.Set(parameter, value);
    }

    private DbParameter Add<T>(string name, DbType? type)
    {
        var parameter = maker.Create<T>();
        parameter.ParameterName = name;
        if (type is { } dbType)
        {
            parameter.DbType = dbType;
        }

        parameters.Add(parameter);
        return parameter;
    }
}
