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

    public async Task<Instant?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var exists = connection.CreateCommand();
        exists.CommandText = connection.GetType().Name.StartsWith("Sqlite", System.StringComparison.Ordinal)
            ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{Table}'"
            : $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{Table}'";
        if (System.Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT now FROM {Table} WHERE id = 1";
        return await read.ExecuteScalarAsync(cancellationToken) is string text ? InstantPattern.ExtendedIso.Parse(text).Value : null;
    }

    public async Task WriteAsync(Instant now, CancellationToken cancellationToken)
    {
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE IF NOT EXISTS {Table} (id INTEGER PRIMARY KEY, now TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var write = connection.CreateCommand();
        write.CommandText = $"INSERT INTO {Table} (id, now) VALUES (1, @now) ON CONFLICT (id) DO UPDATE SET now = excluded.now";
        var parameter = write.CreateParameter();
        parameter.ParameterName = "now";
        parameter.Value = InstantPattern.ExtendedIso.Format(now);
        write.Parameters.Add(parameter);
        await write.ExecuteNonQueryAsync(cancellationToken);
    }
}
