using System.Data;
using System.Data.Common;
using NodaTime.Text;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// The parameters of a save's statements, in the order each statement names them. Each method fills a statement's
/// parameter collection: it adds the parameters when the collection is new and only sets their values when it
/// already holds them, so a store that keeps its commands across saves (SQLite) reuses the same parameter objects.
/// The instant columns that may be null are typed as 64-bit integers once, for a null and a value alike.
/// </summary>
internal static class RelationalSaveParameters
{
    /// <summary>Fills the parameters of <see cref="RelationalSql.InsertFlow"/> (a new flow) or <see cref="RelationalSql.UpdateFlow"/>.</summary>
    public static void Flow(DbParameterCollection parameters, DbProviderFactory factory, in RelationalFlowColumns columns, long expectedVersion)
    {
        var i = 0;
        Set(parameters, factory, ref i, "@order", columns.OrderNumber);
        Set(parameters, factory, ref i, "@version", columns.Version);
        if (expectedVersion == 0)
        {
            Set(parameters, factory, ref i, "@buyer", columns.BuyerId);
            Set(parameters, factory, ref i, "@seller", columns.SellerId);
            Set(parameters, factory, ref i, "@product", columns.ProductId);
        }

        Set(parameters, factory, ref i, "@stage", columns.Stage);
        Set(parameters, factory, ref i, "@status", columns.Status);
        if (expectedVersion == 0)
        {
            Set(parameters, factory, ref i, "@placed", columns.PlacedAt);
        }

        Set(parameters, factory, ref i, "@waiting", columns.WaitingOn);
        Set(parameters, factory, ref i, "@appeal", columns.UnderAppeal);
        SetNanos(parameters, factory, ref i, "@stall", columns.StallDueAt);
        SetNanos(parameters, factory, ref i, "@due", columns.NextDueAt);
        SetNanos(parameters, factory, ref i, "@decision", columns.DecisionDueAt);
        Set(parameters, factory, ref i, "@state", columns.State);
        if (expectedVersion != 0)
        {
            Set(parameters, factory, ref i, "@expected", expectedVersion);
        }
    }

    /// <summary>Fills the parameters of <see cref="RelationalSql.InsertOutcome"/>.</summary>
    public static void Outcome(DbParameterCollection parameters, DbProviderFactory factory, string orderNumber, CommandOutcome outcome)
    {
        var i = 0;
        Set(parameters, factory, ref i, "@order", orderNumber);
        Set(parameters, factory, ref i, "@id", outcome.CommandId);
        Set(parameters, factory, ref i, "@outcome", SupervisionStorageFormat.SerializeOutcome(outcome));
    }

    /// <summary>Fills the parameters of <see cref="RelationalSql.InsertRecord"/>.</summary>
    public static void Record(DbParameterCollection parameters, DbProviderFactory factory, OperationRecord record)
    {
        var i = 0;
        Set(parameters, factory, ref i, "@order", record.OrderNumber);
        Set(parameters, factory, ref i, "@sequence", record.Sequence);
        Set(parameters, factory, ref i, "@at", InstantPattern.ExtendedIso.Format(record.At));
        Set(parameters, factory, ref i, "@action", record.Action.ToString());
        Set(parameters, factory, ref i, "@body", SupervisionStorageFormat.SerializeRecord(record));
    }

    /// <summary>Fills the parameters of <see cref="RelationalSql.InsertEvent"/>; <paramref name="eventKey"/> is the event id in its stored form.</summary>
    public static void Event(DbParameterCollection parameters, DbProviderFactory factory, SupervisionEvent supervisionEvent, object eventKey)
    {
        var i = 0;
        Set(parameters, factory, ref i, "@id", eventKey);
        Set(parameters, factory, ref i, "@order", supervisionEvent.OrderNumber);
        Set(parameters, factory, ref i, "@body", SupervisionStorageFormat.SerializeEvent(supervisionEvent));
    }

    private static void Set(DbParameterCollection parameters, DbProviderFactory factory, ref int index, string name, object value)
    {
        Slot(parameters, factory, index++, name, null).Value = value;
    }

    private static void SetNanos(DbParameterCollection parameters, DbProviderFactory factory, ref int index, string name, long? value)
    {
        Slot(parameters, factory, index++, name, DbType.Int64).Value = value is { } nanos ? nanos : DBNull.Value;
    }

    private static DbParameter Slot(DbParameterCollection parameters, DbProviderFactory factory, int index, string name, DbType? type)
    {
        if (index < parameters.Count)
        {
            return parameters[index];
        }

        var parameter = factory.CreateParameter() ?? throw new InvalidOperationException("The database driver creates no parameters.");
        parameter.ParameterName = name;
        if (type is { } dbType)
        {
            parameter.DbType = dbType;
        }

        parameters.Add(parameter);
        return parameter;
    }
}
