using System.Data;
using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// Creates commands with named parameters the same way on every database. A null value is sent as a null
/// 64-bit integer: the only values a store leaves null are instants kept as Unix nanoseconds.
/// </summary>
internal static class RelationalCommands
{
    /// <summary>Creates a command on <paramref name="connection"/>, in <paramref name="transaction"/> when one is given.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        }

        return command;
    }

    /// <summary>Fills <paramref name="parameter"/> with a name and a value.</summary>
    public static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        if (value is null)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = DBNull.Value;
        }
        else
        {
            parameter.Value = value;
        }

        return parameter;
    }
}
