namespace KooGallery.Supervision.Cli.Tests;

/// <summary>
/// Arguments that were taken without a word before: repeated names, options an action does not use, a report file
/// over the database, durations past the clock's range. Each is bad usage (exit 2) that writes nothing, or, for
/// proofs, every value kept.
/// </summary>
public sealed class ArgumentReviewTests : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Proofs_sharing_a_name_are_all_kept_in_the_order_given()
    {
        await InServiceAsync("ORD-1");

        var deliver = await _cli.RunAsync("act", "ORD-1", "deliver", "--as", "seller:bytecraft",
            "--proof", "doc=https://files.example.com/sow.pdf", "--proof", "doc=https://files.example.com/acceptance.pdf",
            "--proof", "screenshot=https://files.example.com/1.png", "--proof", "screenshot=https://files.example.com/2.png");

        deliver.Exit.Should().Be(0, deliver.ToString());
        var show = await _cli.RunAsync("show", "ORD-1", "--as", "buyer:alice", "--json");
        var delivered = show.Json().GetProperty("records").EnumerateArray().Single(r => r.GetProperty("action").GetString() == "Deliver");
        delivered.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("uri").GetString()).Should().Equal(
            "https://files.example.com/sow.pdf", "https://files.example.com/acceptance.pdf", "https://files.example.com/1.png", "https://files.example.com/2.png");
    }

    [Theory]
    [InlineData("submit-request", "--field", "size=1", "--field", "size=2")]
    [InlineData("accept-request", "--outcome", "close")]
    [InlineData("accept-request", "--proof", "a=https://files.example.com/a")]
    [InlineData("submit-request", "--reset-rejection-counts")]
    [InlineData("open-appeal", "--field", "x=y")]
    public async Task A_repeated_field_or_an_option_the_action_does_not_take_is_bad_usage_and_writes_nothing(string action, params string[] extra)
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        (await _cli.RunAsync("create", "ORD-1", "--buyer", "alice", "--seller", "bytecraft", "--product", "p", "--request-field", "size")).Exit.Should().Be(0);
        var before = _cli.SettledDatabase();

        var run = await _cli.RunAsync(["act", "ORD-1", action, "--as", action == "accept-request" ? "seller:bytecraft" : "buyer:alice", "--text", "Text.", .. extra]);

        run.Exit.Should().Be(2, run.ToString());
        run.Error.Should().NotBeEmpty();
        _cli.SettledDatabase().Should().Equal(before);
    }

    [Fact]
    public async Task The_refused_rows_never_go_over_the_database_or_the_imported_file()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = await OrdersAsync("ORD-1,alice,bytecraft,p", "ORD-2,,bytecraft,p");
        var database = _cli.SettledDatabase();

        var overDatabase = await _cli.RunAsync("import", file, "--refused", _cli.Database);
        var overInput = await _cli.RunAsync("import", file, "--refused", file);

        overDatabase.Exit.Should().Be(2, overDatabase.ToString());
        overInput.Exit.Should().Be(2, overInput.ToString());
        _cli.SettledDatabase().Should().Equal(database, "nothing is imported when the report's place is refused");
        (await File.ReadAllLinesAsync(file)).Should().HaveCount(3);
        (await _cli.RunAsync("show", "ORD-1", "--as", "buyer:alice")).Exit.Should().Be(1, "ORD-1 was not imported");
    }

    [Theory]
    [InlineData("link")]
    [InlineData("relative")]
    [InlineData("copy-of-input")]
    public async Task The_refused_rows_never_go_over_the_database_by_another_name(string how)
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = await OrdersAsync("ORD-1,alice,bytecraft,p", "ORD-2,,bytecraft,p");
        var database = _cli.SettledDatabase();
        var refused = Path.Combine(_cli.Folder, "refused.csv");
        switch (how)
        {
            case "link":
                File.CreateSymbolicLink(refused, _cli.Database);
                break;
            case "relative":
                Directory.CreateDirectory(Path.Combine(_cli.Folder, "x"));
                refused = Path.Combine(_cli.Folder, "x", "..", Path.GetFileName(_cli.Database));
                break;
            default:
                File.Copy(file, refused);
                break;
        }

        var run = await _cli.RunAsync("import", file, "--refused", refused);

        run.Exit.Should().Be(2, run.ToString());
        _cli.SettledDatabase().Should().Equal(database);
        (await File.ReadAllLinesAsync(file)).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_report_written_through_a_link_to_another_file_writes_that_file()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = await OrdersAsync("ORD-1,alice,bytecraft,p", "ORD-2,,bytecraft,p");
        var other = Path.Combine(_cli.Folder, "other.csv");
        await File.WriteAllTextAsync(other, "an old report");
        var refused = Path.Combine(_cli.Folder, "refused.csv");
        File.CreateSymbolicLink(refused, other);

        var run = await _cli.RunAsync("import", file, "--refused", refused);

        run.Exit.Should().Be(0, run.ToString());
        new FileInfo(refused).LinkTarget.Should().Be(other);
        (await File.ReadAllLinesAsync(other)).Should().HaveCount(2).And.Contain(l => l.StartsWith("3,", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_pipe_as_the_report_place_is_never_opened_when_no_row_is_refused()
    {
        // A pipe is neither read nor opened by the checks: opening it would wait for a reader, or end the reader's input.
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = await OrdersAsync("ORD-1,alice,bytecraft,p");
        var pipe = Path.Combine(_cli.Folder, "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", pipe))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            mkfifo.ExitCode.Should().Be(0);
        }

        var run = await _cli.RunAsync("import", file, "--refused", pipe, "--json");

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("created").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_at_the_end_goes_to_stderr_and_the_created_rows_stay()
    {
        // A file the kernel refuses to have written, whoever asks (root included): Linux's /proc/version.
        Assert.SkipUnless(File.Exists("/proc/version"), "Needs Linux's /proc/version, a file nobody may write.");
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = await OrdersAsync("ORD-1,alice,bytecraft,p", "ORD-2,,bytecraft,p");

        var run = await _cli.RunAsync("import", file, "--refused", "/proc/version");

        run.Exit.Should().Be(3, run.ToString());
        run.Error.Should().Contain("line,reason,row").And.Contain("3,").And.Contain("could not be written");
        (await _cli.RunAsync("show", "ORD-1", "--as", "buyer:alice")).Exit.Should().Be(0);
    }

    [Theory]
    [InlineData("no-such-folder/refused.csv")]
    [InlineData("a-folder")]
    public async Task A_report_place_that_cannot_be_written_is_bad_usage_before_any_row_is_imported(string refused)
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        Directory.CreateDirectory(Path.Combine(_cli.Folder, "a-folder"));
        var file = await OrdersAsync("ORD-1,alice,bytecraft,p", "ORD-2,,bytecraft,p");
        var database = _cli.SettledDatabase();

        var run = await _cli.RunAsync("import", file, "--refused", Path.Combine(_cli.Folder, refused));

        run.Exit.Should().Be(2, run.ToString());
        run.Error.Should().Contain("--refused");
        _cli.SettledDatabase().Should().Equal(database);
    }

    [Theory]
    [InlineData("99999999999d")]
    [InlineData("99999999999999999999999s")]
    public async Task A_duration_past_the_clock_s_range_is_bad_usage(string duration)
    {
        (await _cli.RunRawAsync(["--database", _cli.Database, "--sandbox", "init"])).Exit.Should().Be(0);

        var run = await _cli.RunAsync("clock", "advance", duration);

        run.Exit.Should().Be(2, run.ToString());
        run.Error.Should().Contain("DURATION");
    }

    [Fact]
    public async Task Advancing_past_the_last_instant_is_bad_usage_and_leaves_the_clock()
    {
        (await _cli.RunRawAsync(["--database", _cli.Database, "--sandbox", "init"])).Exit.Should().Be(0);
        (await _cli.RunAsync("clock", "set", "9999-01-01T00:00:00Z")).Exit.Should().Be(0);

        var run = await _cli.RunAsync("clock", "advance", "9999999d");

        run.Exit.Should().Be(2, run.ToString());
        (await _cli.RunAsync("clock", "show", "--json")).Output.Should().Contain("9999-01-01T00:00:00Z");
    }

    private async Task InServiceAsync(string order)
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        (await _cli.RunAsync("create", order, "--buyer", "alice", "--seller", "bytecraft", "--product", "p")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", order, "submit-request", "--as", "buyer:alice", "--text", "Migrate.")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", order, "accept-request", "--as", "seller:bytecraft")).Exit.Should().Be(0);
    }

    private async Task<string> OrdersAsync(params string[] rows)
    {
        var file = Path.Combine(_cli.Folder, "orders.csv");
        await File.WriteAllLinesAsync(file, ["order,buyer,seller,product", .. rows]);
        return file;
    }
}
