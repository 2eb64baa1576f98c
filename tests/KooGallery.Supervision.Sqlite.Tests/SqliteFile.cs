using Microsoft.Data.Sqlite;

namespace KooGallery.Supervision.Sqlite.Tests;

/// <summary>Runs SQL on a database file directly, as another program (or a person with a SQL shell) would.</summary>
public static class SqliteFile
{
    public static async Task ExecuteAsync(string file, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(file);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string file, string sql)
    {
        await using var connection = await OpenAsync(file);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Reads the last column of every row as text (the detail column of <c>EXPLAIN QUERY PLAN</c>).</summary>
    public static async Task<List<string>> ColumnAsync(string file, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(file);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static async Task<SqliteConnection> OpenAsync(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
