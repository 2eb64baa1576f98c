namespace KooGallery.Supervision.Cli.Tests;

/// <summary>The documented exit codes: 0 done, 1 refused by a rule, 2 bad usage, 3 store unreachable or refused.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("--bogus")]
    [InlineData("frobnicate")]
    [InlineData("show")]
    [InlineData("show", "ORD-1")]
    [InlineData("show", "ORD-1", "--as", "neighbour:bob")]
    [InlineData("act", "ORD-1", "dance", "--as", "buyer:alice")]
    [InlineData("act", "ORD-1", "submit-request", "--as", "buyer:alice")]
    [InlineData("diagram", "--format", "svg")]
    [InlineData("clock", "advance", "soon")]
    [InlineData("search", "--stage", "Nowhere")]
    [InlineData("search", "--after", "not-a-cursor!")]
    public async Task Bad_usage_exits_2_with_a_message_and_writes_nothing(params string[] args)
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var before = _cli.SettledDatabase();

        var run = await _cli.RunAsync(args);

        run.Exit.Should().Be(2, run.ToString());
        run.Error.Should().NotBeEmpty();
        _cli.SettledDatabase().Should().Equal(before);
    }

    [Fact]
    public async Task The_settled_database_shows_a_write_so_writes_nothing_above_can_fail()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var before = _cli.SettledDatabase();

        (await _cli.RunAsync("create", "ORD-1", "--buyer", "alice", "--seller", "bytecraft", "--product", "p")).Exit.Should().Be(0);

        _cli.SettledDatabase().Should().NotEqual(before);
    }

    [Fact]
    public async Task Help_exits_0_and_names_every_command_and_the_exit_codes()
    {
        var run = await _cli.RunRawAsync(["--help"]);

        run.Exit.Should().Be(0, run.ToString());
        foreach (var command in new[] { "init", "create", "act", "show", "search", "waiting", "sweep", "import", "diagram", "clock", "scenario", "explore" })
        {
            run.Output.Should().Contain(command);
        }

        run.Output.Should().Contain("3 store unreachable or refused");
        Directory.Exists(Path.Combine(_cli.Folder, "data")).Should().BeFalse("help touches no store");
    }

    [Fact]
    public async Task A_missing_database_exits_3()
    {
        var run = await _cli.RunAsync("show", "ORD-1", "--as", "buyer:alice");

        run.Exit.Should().Be(3, run.ToString());
        run.Error.Should().Contain("init");
        File.Exists(_cli.Database).Should().BeFalse();
    }

    [Fact]
    public async Task A_file_that_is_not_a_supervision_database_exits_3()
    {
        await File.WriteAllTextAsync(_cli.Database, "not a database at all, just text that is long enough to be read as a header");

        var run = await _cli.RunAsync("init");

        run.Exit.Should().Be(3, run.ToString());
        run.Error.Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_server_exits_3()
    {
        var run = await _cli.RunRawAsync(["--postgres", "Host=127.0.0.1;Port=1;Timeout=3;Username=nobody", "init"]);

        run.Exit.Should().Be(3, run.ToString());
        run.Error.Should().Contain("PostgreSQL");
    }

    [Fact]
    public async Task The_PostgreSQL_environment_variable_selects_PostgreSQL()
    {
        _cli.Variables["KOOGALLERY_SUPERVISION_POSTGRES"] = "Host=127.0.0.1;Port=1;Timeout=3;Username=nobody";

        var run = await _cli.RunRawAsync(["init"]);

        run.Exit.Should().Be(3, run.ToString());
        run.Error.Should().Contain("PostgreSQL");
        Directory.Exists(Path.Combine(_cli.Folder, "data")).Should().BeFalse();
    }

    [Fact]
    public async Task Unknown_order_is_refused_by_the_library_with_exit_1()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);

        var run = await _cli.RunAsync("show", "ORD-404", "--as", "buyer:alice");

        run.Exit.Should().Be(1, run.ToString());
        run.Error.Should().Contain("NotFound");
    }
}
