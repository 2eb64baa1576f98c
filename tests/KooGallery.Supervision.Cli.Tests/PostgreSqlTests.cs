using KooGallery.Supervision.PostgreSql.Tests;
using Npgsql;

namespace KooGallery.Supervision.Cli.Tests;

/// <summary>The tool on PostgreSQL (--postgres, or the environment variable), in a database of its own on the test server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlTests(PostgresServer server) : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<string> NewDatabaseAsync()
    {
        var name = "cli_" + Guid.NewGuid().ToString("N")[..12];
        await using (var command = server.DataSource.CreateCommand($"CREATE DATABASE {name}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    [Fact]
    public async Task The_sandbox_on_PostgreSQL_completes_a_flow_3h_after_acceptance()
    {
        server.SkipWhenUnavailable();
        var connection = await NewDatabaseAsync();
        Task<Run> Run(params string[] args) => _cli.RunRawAsync(["--postgres", connection, .. args]);

        (await Run("--sandbox", "init", "--start", "2026-03-02T09:00:00Z")).Exit.Should().Be(0);
        (await Run("create", "ORD-1", "--buyer", "alice", "--seller", "bytecraft", "--product", "p", "--kind", "online-saas")).Exit.Should().Be(0);
        (await Run("act", "ORD-1", "deliver", "--as", "seller:bytecraft", "--proof", "SOW=https://files.example.com/sow.pdf", "--proof", "Acceptance=https://files.example.com/a.pdf")).Exit.Should().Be(0);
        (await Run("act", "ORD-1", "accept-delivery", "--as", "buyer:alice")).Exit.Should().Be(0);
        (await Run("clock", "advance", "3h")).Exit.Should().Be(0);

        var sweep = await Run("sweep", "--json");

        sweep.Exit.Should().Be(0, sweep.ToString());
        sweep.Json().GetProperty("flowsUpdated").GetInt32().Should().Be(1);
        var show = await Run("show", "ORD-1", "--as", "buyer:alice", "--json");
        show.Json().GetProperty("stage").GetString().Should().Be("Completed");
    }

    [Fact]
    public async Task The_environment_variable_names_the_PostgreSQL_database()
    {
        server.SkipWhenUnavailable();
        _cli.Variables["KOOGALLERY_SUPERVISION_POSTGRES"] = await NewDatabaseAsync();

        (await _cli.RunRawAsync(["init"])).Exit.Should().Be(0);
        (await _cli.RunRawAsync(["create", "ORD-1", "--buyer", "alice", "--seller", "bytecraft", "--product", "p"])).Exit.Should().Be(0);
        var search = await _cli.RunRawAsync(["waiting", "--as", "buyer:alice", "--json"]);

        search.Exit.Should().Be(0, search.ToString());
        search.Json().GetProperty("items")[0].GetProperty("orderNumber").GetString().Should().Be("ORD-1");
        File.Exists(Path.Combine(_cli.Folder, "data", "supervision.db")).Should().BeFalse();
    }

    [Fact]
    public async Task Sandbox_clock_moves_at_once_on_PostgreSQL_are_each_kept()
    {
        // A move waits for the row another holds and then reads what that one wrote (read committed, FOR UPDATE).
        server.SkipWhenUnavailable();
        var connection = await NewDatabaseAsync();
        (await _cli.RunRawAsync(["--postgres", connection, "--sandbox", "init", "--start", "2026-03-02T00:00:00Z"])).Exit.Should().Be(0);

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _cli.RunRawAsync(["--postgres", connection, "clock", "advance", "1h", "--json"]))));

        runs.Should().OnlyContain(r => r.Exit == 0, string.Join("\n", runs.Select(r => r.ToString())));
        var show = await _cli.RunRawAsync(["--postgres", connection, "clock", "show", "--json"]);
        show.Json().GetProperty("now").GetString().Should().Be("2026-03-02T06:00:00Z");
    }
}
