using System.IO;

namespace KooGallery.Supervision.Cli;

/// <summary>Where the flows are kept: a SQLite file, or a PostgreSQL database.</summary>
internal sealed record StoreSettings(string? SqlitePath, string? PostgresConnectionString)
{
    public const string PostgresVariable = "KOOGALLERY_SUPERVISION_POSTGRES";

    /// <summary>--postgres, then --database, then the environment variable, then the default SQLite file.</summary>
    public static StoreSettings From(string? database, string? postgres, CliEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new StoreSettings(null, postgres);
        }

        if (!string.IsNullOrWhiteSpace(database))
        {
            return new StoreSettings(Path.GetFullPath(database), null);
        }

        var fromVariable = environment.Variable(PostgresVariable);
        return !string.IsNullOrWhiteSpace(fromVariable)
            ? new StoreSettings(null, fromVariable)
            : new StoreSettings(Path.Combine(environment.DataFolder, "supervision.db"), null);
    }

    public string Describe() => SqlitePath is not null ? $"SQLite file {SqlitePath}" : "PostgreSQL database (connection string given)";
}
