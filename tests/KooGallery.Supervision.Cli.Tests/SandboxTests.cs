using Spectre.Console;

namespace KooGallery.Supervision.Cli.Tests;

/// <summary>The sandbox clock kept in the database, and <c>sweep --watch</c>.</summary>
public sealed class SandboxTests : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Advancing_the_sandbox_clock_3h_after_acceptance_completes_the_flow_at_the_sweep()
    {
        (await _cli.RunAsync("--sandbox", "init", "--start", "2026-03-02T09:00:00Z")).Exit.Should().Be(0);
        (await _cli.RunAsync("create", "ORD-1", "--buyer", "alice", "--seller", "bytecraft", "--product", "p")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", "ORD-1", "submit-request", "--as", "buyer:alice", "--text", "Migrate.")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", "ORD-1", "accept-request", "--as", "seller:bytecraft")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", "ORD-1", "deliver", "--as", "seller:bytecraft", "--proof", "SOW=https://files.example.com/sow.pdf", "--proof", "Acceptance=https://files.example.com/a.pdf")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", "ORD-1", "accept-delivery", "--as", "buyer:alice")).Exit.Should().Be(0);

        var early = await _cli.RunAsync("sweep", "--json");
        early.Json().GetProperty("flowsUpdated").GetInt32().Should().Be(0);
        var advanced = await _cli.RunAsync("clock", "advance", "3h", "--json");
        advanced.Exit.Should().Be(0, advanced.ToString());
        advanced.Json().GetProperty("now").GetString().Should().Be("2026-03-02T12:00:00Z");

        var sweep = await _cli.RunAsync("sweep", "--json");

        sweep.Exit.Should().Be(0, sweep.ToString());
        sweep.Json().GetProperty("flowsUpdated").GetInt32().Should().Be(1);
        sweep.Json().GetProperty("asOf").GetString().Should().Be("2026-03-02T12:00:00Z");
        var show = await _cli.RunAsync("show", "ORD-1", "--as", "buyer:alice", "--json");
        show.Json().GetProperty("stage").GetString().Should().Be("Completed");
        show.Json().GetProperty("status").GetString().Should().Be("Completed");
        var text = await _cli.RunAsync("show", "ORD-1", "--as", "buyer:alice");
        text.Output.Should().Contain("[Completed]").And.Contain("waiting on no one").And.Contain("complete-on-schedule")
            .And.Contain("2026-03-02 12:00 UTC").And.Contain("may do nothing now");
    }

    [Fact]
    public async Task The_clock_stays_where_it_was_moved_and_only_moves_forward()
    {
        (await _cli.RunAsync("--sandbox", "init", "--start", "2026-03-02T09:00:00Z")).Exit.Should().Be(0);
        (await _cli.RunAsync("clock", "advance", "1d2h30m")).Exit.Should().Be(0);

        var show = await _cli.RunAsync("clock", "show", "--json");
        show.Json().GetProperty("now").GetString().Should().Be("2026-03-03T11:30:00Z");
        show.Json().GetProperty("sandbox").GetBoolean().Should().BeTrue();

        var back = await _cli.RunAsync("clock", "set", "2026-03-01T00:00:00Z");
        back.Exit.Should().Be(2, back.ToString());
        (await _cli.RunAsync("clock", "show", "--json")).Json().GetProperty("now").GetString().Should().Be("2026-03-03T11:30:00Z");
    }

    [Theory]
    [InlineData("create", "X1", "--buyer", "a", "--seller", "s", "--product", "p", "--placed-at", "not-a-date")]
    [InlineData("clock", "set", "not-an-instant")]
    [InlineData("import", "missing-columns.csv")]
    public async Task Bad_usage_with_sandbox_on_a_database_without_a_sandbox_clock_starts_none(params string[] args)
    {
        // Before: opening the store with --sandbox wrote the clock, and the arguments were judged afterwards.
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        await File.WriteAllLinesAsync(Path.Combine(_cli.Folder, "missing-columns.csv"), ["order,buyer", "ORD-1,alice"]);
        var before = _cli.SettledDatabase();

        var run = await _cli.RunAsync(["--sandbox", .. args.Select(a => a == "missing-columns.csv" ? Path.Combine(_cli.Folder, a) : a)]);

        run.Exit.Should().Be(2, run.ToString());
        (await _cli.RunAsync("clock", "show", "--json")).Json().GetProperty("sandbox").GetBoolean().Should().BeFalse();
        _cli.SettledDatabase().Should().Equal(before, "bad usage writes nothing");
    }

    [Fact]
    public async Task Clock_set_with_sandbox_on_a_database_without_a_sandbox_clock_starts_it_there()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);

        var run = await _cli.RunAsync("--sandbox", "clock", "set", "2000-01-01T00:00:00Z", "--json");

        run.Exit.Should().Be(0, run.ToString());
        var show = (await _cli.RunAsync("clock", "show", "--json")).Json();
        show.GetProperty("sandbox").GetBoolean().Should().BeTrue();
        show.GetProperty("now").GetString().Should().Be("2000-01-01T00:00:00Z");
    }

    [Fact]
    public async Task Clock_moves_at_once_are_each_kept_and_never_set_the_clock_back()
    {
        // Before: each read the clock, then wrote it, so moves running together were lost.
        (await _cli.RunAsync("--sandbox", "init", "--start", "2026-03-02T00:00:00Z")).Exit.Should().Be(0);

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _cli.RunAsync("clock", "advance", "1h", "--json"))));

        runs.Should().OnlyContain(r => r.Exit == 0);
        runs.Select(r => r.Json().GetProperty("now").GetString()).Should().OnlyHaveUniqueItems();
        (await _cli.RunAsync("clock", "show", "--json")).Json().GetProperty("now").GetString().Should().Be("2026-03-02T06:00:00Z");
    }

    [Theory]
    [InlineData("clock", "show")]
    [InlineData("--sandbox", "clock", "advance", "2h")]
    public async Task The_clock_commands_refuse_a_database_that_is_not_a_supervision_database(params string[] args)
    {
        // Before: they ran on another application's database, and --sandbox wrote its table into it.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_cli.Database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER)";
            await command.ExecuteNonQueryAsync();
        }

        var before = _cli.SettledDatabase();

        var run = await _cli.RunAsync(args);

        run.Exit.Should().Be(3, run.ToString());
        _cli.SettledDatabase().Should().Equal(before);
    }

    [Fact]
    public async Task A_database_on_the_system_clock_refuses_clock_advance()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);

        var run = await _cli.RunAsync("clock", "advance", "3h");

        run.Exit.Should().Be(2, run.ToString());
        run.Error.Should().Contain("--sandbox");
        (await _cli.RunAsync("clock", "show", "--json")).Json().GetProperty("sandbox").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Sweep_watch_sweeps_until_cancelled_and_exits_0()
    {
        (await _cli.RunAsync("--sandbox", "init", "--start", "2026-03-02T09:00:00Z")).Exit.Should().Be(0);
        using var cancellation = new CancellationTokenSource();
        // The console's writer cancels the run once the first sweep's line is written: no waiting on time.
        var output = new CancellingWriter(cancellation);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No });

        var run = await _cli.RunRawAsync(["--database", _cli.Database, "sweep", "--watch", "--interval", "1h", "--json"], console, cancellation.Token);

        run.Exit.Should().Be(0, run.ToString());
        var line = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("asOf").GetString().Should().Be("2026-03-02T09:00:00Z");
    }

    private sealed class CancellingWriter(CancellationTokenSource cancellation) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            cancellation.Cancel();
        }
    }
}
