namespace KooGallery.Supervision.Cli.Tests;

/// <summary><c>import</c>: created, existing and refused rows, and the refused rows' file with the reasons.</summary>
public sealed class ImportTests : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Csv_import_counts_created_existing_and_refused_rows_and_writes_the_refused_ones_with_the_reason()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        (await _cli.RunAsync("create", "ORD-1", "--buyer", "alice", "--seller", "bytecraft", "--product", "p", "--placed-at", "2026-03-01T09:00:00Z")).Exit.Should().Be(0);
        var file = Path.Combine(_cli.Folder, "orders.csv");
        await File.WriteAllLinesAsync(file,
        [
            "order,buyer,seller,product,kind,amount,currency,placed_at",
            "ORD-1,alice,bytecraft,p,professional-service,100,CNY,2026-03-01T09:00:00Z",
            "ORD-2,alice,bytecraft,p,online-saas,250.50,CNY,2026-03-01T10:00:00Z",
            "ORD-3,bob,bytecraft,p,,,,2026-03-01T11:00:00Z",
            "ORD-4,carol,bytecraft,p,spaceship,100,CNY,2026-03-01T12:00:00Z",
            "ORD-5,dave,bytecraft,p,professional-service,-5,CNY,2026-03-01T12:00:00Z",
            "ORD-1,alice,bytecraft,other-product,professional-service,100,CNY,2026-03-01T09:00:00Z",
            "ORD-6,,bytecraft,p,professional-service,100,CNY,2026-03-01T12:00:00Z",
        ]);

        var run = await _cli.RunAsync("import", file, "--json");

        run.Exit.Should().Be(0, run.ToString());
        var summary = run.Json();
        summary.GetProperty("rows").GetInt32().Should().Be(7);
        summary.GetProperty("created").GetInt32().Should().Be(2);
        summary.GetProperty("existing").GetInt32().Should().Be(1);
        summary.GetProperty("refused").GetInt32().Should().Be(4);
        var refused = await File.ReadAllLinesAsync(summary.GetProperty("refusedFile").GetString()!);
        refused[0].Should().Be("line,reason,row");
        refused.Should().HaveCount(5);
        refused.Should().Contain(l => l.StartsWith("5,", StringComparison.Ordinal) && l.Contains("spaceship"));
        refused.Should().Contain(l => l.StartsWith("6,", StringComparison.Ordinal) && l.Contains("Validation"));
        refused.Should().Contain(l => l.StartsWith("7,", StringComparison.Ordinal) && l.Contains("Conflict"));
        refused.Should().Contain(l => l.StartsWith("8,", StringComparison.Ordinal) && l.Contains("buyer is missing"));

        var show = await _cli.RunAsync("show", "ORD-2", "--as", "buyer:alice", "--json");
        show.Json().GetProperty("stage").GetString().Should().Be("InService");
    }

    [Fact]
    public async Task Json_lines_import_creates_the_orders_and_a_second_import_finds_them_existing()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = Path.Combine(_cli.Folder, "orders.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"order":"ORD-10","buyer":"alice","seller":"bytecraft","product":"p","amount":120,"placedAt":"2026-03-01T09:00:00Z"}""",
            """{"orderNumber":"ORD-11","buyerId":"bob","sellerId":"bytecraft","productId":"p","productKind":"License","placedAt":"2026-03-01T09:00:00Z"}""",
            """not json""",
        ]);

        var first = await _cli.RunAsync("import", file, "--refused", Path.Combine(_cli.Folder, "refused.csv"));
        first.Exit.Should().Be(0, first.ToString());
        first.Output.Should().Contain("2 created").And.Contain("0 existing").And.Contain("1 refused");
        File.ReadAllText(Path.Combine(_cli.Folder, "refused.csv")).Should().Contain("3,").And.Contain("not json");

        var second = await _cli.RunAsync("import", file, "--json");
        second.Json().GetProperty("created").GetInt32().Should().Be(0);
        second.Json().GetProperty("existing").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task A_csv_without_the_required_columns_is_bad_usage()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = Path.Combine(_cli.Folder, "orders.csv");
        await File.WriteAllLinesAsync(file, ["order,buyer", "ORD-1,alice"]);

        var run = await _cli.RunAsync("import", file);

        run.Exit.Should().Be(2, run.ToString());
        run.Error.Should().Contain("seller");
    }

    [Fact]
    public async Task Rows_repeating_an_order_number_go_in_the_file_s_order_the_first_creates_and_a_later_one_differing_is_refused()
    {
        // Before: rows were created four at a time, so a later row sometimes won and the counts said "existing".
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = Path.Combine(_cli.Folder, "orders.csv");
        await File.WriteAllLinesAsync(file, ["order,buyer,seller,product", .. Enumerable.Range(0, 100).SelectMany(n => new[] { $"D{n},first,s,p", $"D{n},second,s,p", $"D{n},first,s,p" })]);

        var run = await _cli.RunAsync("import", file, "--json");

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("created").GetInt32().Should().Be(100);
        run.Json().GetProperty("existing").GetInt32().Should().Be(100, "the third row of each order repeats the first");
        run.Json().GetProperty("refused").GetInt32().Should().Be(100);
        foreach (var n in new[] { 0, 37, 99 })
        {
            (await _cli.RunAsync("show", $"D{n}", "--as", "buyer:first", "--json")).Json().GetProperty("buyerId").GetString().Should().Be("first");
        }
    }

    [Fact]
    public async Task A_file_without_placed_at_imported_again_finds_its_orders_existing()
    {
        // Before: a missing placed_at was the run's now, so the second run saw other data and refused every row.
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = Path.Combine(_cli.Folder, "orders.csv");
        await File.WriteAllLinesAsync(file, ["order,buyer,seller,product", "W1,alice,bytecraft,p", "W2,bob,bytecraft,p", "W1,alice,bytecraft,p"]);

        var first = await _cli.RunAsync("import", file, "--json");
        var second = await _cli.RunAsync("import", file, "--json");

        first.Exit.Should().Be(0, first.ToString());
        first.Json().GetProperty("created").GetInt32().Should().Be(2);
        first.Json().GetProperty("existing").GetInt32().Should().Be(1);
        second.Exit.Should().Be(0, second.ToString());
        second.Json().GetProperty("created").GetInt32().Should().Be(0);
        second.Json().GetProperty("existing").GetInt32().Should().Be(3);
        second.Json().GetProperty("refused").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Create_without_placed_at_run_again_finds_the_flow_and_other_data_is_still_refused()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        (await _cli.RunAsync("create", "W9", "--buyer", "alice", "--seller", "bytecraft", "--product", "p")).Exit.Should().Be(0);

        var again = await _cli.RunAsync("create", "W9", "--buyer", "alice", "--seller", "bytecraft", "--product", "p", "--json");
        var other = await _cli.RunAsync("create", "W9", "--buyer", "alice", "--seller", "bytecraft", "--product", "q", "--json");

        again.Exit.Should().Be(0, again.ToString());
        again.Json().GetProperty("orderNumber").GetString().Should().Be("W9");
        other.Exit.Should().Be(1, other.ToString());
        other.Output.Should().Contain("Conflict");
    }

    [Theory]
    [InlineData("create", "W9", "--buyer", "alice", "--seller", "bytecraft", "--product", "p")]
    [InlineData("show", "W9", "--as", "buyer:alice")]
    public async Task A_command_on_a_damaged_stored_flow_exits_3_naming_the_damage(params string[] args)
    {
        // Before: the FormatException of the damaged row crashed the process (exit 134) with a stack trace.
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        (await _cli.RunAsync("create", "W9", "--buyer", "alice", "--seller", "bytecraft", "--product", "p")).Exit.Should().Be(0);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_cli.Database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE supervision_flows SET state = replace(state, '\"stage\":\"AwaitingRequest\"', '\"stage\":\"awaitingRequest\"')";
            (await command.ExecuteNonQueryAsync()).Should().Be(1);
        }

        var run = await _cli.RunAsync(args);

        run.Exit.Should().Be(3, run.ToString());
        run.Error.Should().Contain("damaged row").And.Contain("The stored flow is not valid").And.NotContain("   at ");
    }

    [Fact]
    public async Task A_json_line_holding_a_lone_surrogate_is_a_refused_row_and_the_others_are_created()
    {
        // Before: the escaped lone surrogate crashed the whole import before any row was created.
        var (run, refused) = await ImportJsonLinesAsync(
            """{"order":"S1","buyer":"a","seller":"s","product":"p"}""",
            """{"order":"S2\ud800","buyer":"a","seller":"s","product":"p"}""",
            """{"order":"S3","buyer":"a","seller":"s","product":"p","\udc00":"x"}""");

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("created").GetInt32().Should().Be(1);
        run.Json().GetProperty("refused").GetInt32().Should().Be(2);
        var lines = await File.ReadAllLinesAsync(refused);
        lines.Should().Contain(l => l.StartsWith("2,", StringComparison.Ordinal) && l.Contains("Not valid text"));
        lines.Should().Contain(l => l.StartsWith("3,", StringComparison.Ordinal) && l.Contains("Not valid text"));
    }

    [Fact]
    public async Task A_json_line_with_a_null_or_a_column_given_twice_is_a_refused_row()
    {
        // Before: a null order became the order number "null", and a key given under two names crashed the import.
        var (run, refused) = await ImportJsonLinesAsync(
            """{"order":null,"buyer":"a","seller":"s","product":"p"}""",
            """{"order":"J4","orderNumber":"J4","buyer":"a","seller":"s","product":"p"}""",
            """{"order":"J5","buyer":"a","seller":"s","product":"p"}""",
            """{"order":"J6","buyer":"a","buyer":"z","seller":"s","product":"p"}""");

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("created").GetInt32().Should().Be(1);
        run.Json().GetProperty("refused").GetInt32().Should().Be(3);
        File.ReadAllText(refused).Should().Contain("The order is missing.").And.Contain("The order is given twice").And.Contain("The buyer is given twice");
        (await _cli.RunAsync("search", "--json")).Output.Should().NotContain("\"null\"");
    }

    [Fact]
    public async Task A_csv_header_naming_a_column_twice_is_bad_usage()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = Path.Combine(_cli.Folder, "orders.csv");
        await File.WriteAllLinesAsync(file, ["order,buyer,seller,product,order_number", "ORD-1,alice,s,p,ORD-2"]);

        var run = await _cli.RunAsync("import", file);

        run.Exit.Should().Be(2, run.ToString());
        run.Error.Should().Contain("'order' twice");
    }

    [Fact]
    public async Task A_quoted_csv_cell_holding_a_line_break_is_one_cell_and_the_row_is_reported_at_its_first_line()
    {
        // Before: each physical line was read as a row, so the rest of the cell became a refused row of its own.
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = Path.Combine(_cli.Folder, "orders.csv");
        await File.WriteAllLinesAsync(file, ["order,buyer,seller,product,note", "Q1,bob,s,p,plain", "Q2,bob,s,p,\"two", "lines\"", "Q3,bob,s,p,\"open", "never closed"]);
        var refused = Path.Combine(_cli.Folder, "refused.csv");

        var run = await _cli.RunAsync("import", file, "--refused", refused, "--json");

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("created").GetInt32().Should().Be(2);
        run.Json().GetProperty("refused").GetInt32().Should().Be(1);
        File.ReadAllText(refused).Should().StartWith("line,reason,row").And.Contain("\n5,");
    }

    /// <summary>Imports a JSON-lines file of <paramref name="lines"/> into a new database, writing the refused rows to a file of their own.</summary>
    private async Task<(Run Run, string Refused)> ImportJsonLinesAsync(params string[] lines)
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var file = Path.Combine(_cli.Folder, "orders.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        var refused = Path.Combine(_cli.Folder, "refused.csv");
        return (await _cli.RunAsync("import", file, "--refused", refused, "--json"), refused);
    }
}
