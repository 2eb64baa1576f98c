using System.Text.Json;

namespace KooGallery.Supervision.Cli.Tests;

/// <summary>Every command of the tool, in-process against a temporary SQLite file.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task CreateOrderAsync(string order = "ORD-1")
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        var created = await _cli.RunAsync("create", order, "--buyer", "alice", "--seller", "bytecraft", "--product", "db-migration");
        created.Exit.Should().Be(0, created.ToString());
    }

    [Fact]
    public async Task Init_makes_the_database_and_reports_it_as_json()
    {
        var run = await _cli.RunAsync("init", "--json");

        run.Exit.Should().Be(0, run.ToString());
        File.Exists(_cli.Database).Should().BeTrue();
        var json = run.Json();
        json.GetProperty("store").GetString().Should().Contain(_cli.Database);
        json.GetProperty("sandbox").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Init_without_database_uses_the_data_folder()
    {
        var run = await _cli.RunRawAsync(["init"]);

        run.Exit.Should().Be(0, run.ToString());
        File.Exists(Path.Combine(_cli.Folder, "data", "supervision.db")).Should().BeTrue();
    }

    [Fact]
    public async Task Create_then_show_as_json_has_the_order_in_AwaitingRequest_waiting_on_the_buyer()
    {
        await CreateOrderAsync();

        var show = await _cli.RunAsync("show", "ORD-1", "--as", "buyer:alice", "--json");

        show.Exit.Should().Be(0, show.ToString());
        var view = show.Json();
        view.GetProperty("orderNumber").GetString().Should().Be("ORD-1");
        view.GetProperty("stage").GetString().Should().Be("AwaitingRequest");
        view.GetProperty("waitingOn").GetString().Should().Be("Buyer");
        view.GetProperty("permittedActions").EnumerateArray().Select(a => a.GetString()).Should().Contain("SubmitRequest");
        view.GetProperty("records").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Create_as_json_reports_the_flow()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);

        var run = await _cli.RunAsync("create", "ORD-7", "--buyer", "alice", "--seller", "bytecraft", "--product", "p", "--kind", "online-saas", "--json");

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("stage").GetString().Should().Be("InService");
    }

    [Fact]
    public async Task Act_applies_the_action_prints_its_events_and_reports_the_outcome_as_json()
    {
        await CreateOrderAsync();

        var text = await _cli.RunAsync("act", "ORD-1", "submit-request", "--as", "buyer:alice", "--text", "Migrate our database.", "--id", "cmd-1");
        text.Exit.Should().Be(0, text.ToString());
        text.Output.Should().Contain("AwaitingRequest -> RequestSubmitted").And.Contain("event RequestSubmitted on ORD-1");

        var json = await _cli.RunAsync("act", "ORD-1", "accept-request", "--as", "seller:bytecraft", "--json");
        json.Exit.Should().Be(0, json.ToString());
        var outcome = json.Json();
        outcome.GetProperty("stageBefore").GetString().Should().Be("RequestSubmitted");
        outcome.GetProperty("stageAfter").GetString().Should().Be("InService");
        outcome.GetProperty("commandId").GetString().Should().NotBeNullOrEmpty();
        outcome.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("orderNumber").GetString()).Should().AllBe("ORD-1");
    }

    [Fact]
    public async Task Act_repeated_with_the_same_id_counts_once()
    {
        await CreateOrderAsync();
        string[] submit = ["act", "ORD-1", "submit-request", "--as", "buyer:alice", "--text", "Migrate.", "--id", "same", "--json"];

        (await _cli.RunAsync(submit)).Exit.Should().Be(0);
        var again = await _cli.RunAsync(submit);

        again.Exit.Should().Be(0, again.ToString());
        again.Json().GetProperty("isReplay").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Act_refused_by_a_rule_exits_1_with_the_code_on_stderr()
    {
        await CreateOrderAsync();

        var run = await _cli.RunAsync("act", "ORD-1", "accept-delivery", "--as", "buyer:alice", "--json");

        run.Exit.Should().Be(1, run.ToString());
        run.Error.Should().Contain("NotPermittedInStage");
        run.Json().GetProperty("refused").GetProperty("code").GetString().Should().Be("NotPermittedInStage");
    }

    [Fact]
    public async Task Deliver_with_proofs_and_fields_then_reject_and_show_the_counts()
    {
        (await _cli.RunAsync("init")).Exit.Should().Be(0);
        (await _cli.RunAsync("create", "ORD-2", "--buyer", "alice", "--seller", "bytecraft", "--product", "p", "--delivery-field", "Data verified")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", "ORD-2", "submit-request", "--as", "buyer:alice", "--text", "Migrate.")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", "ORD-2", "accept-request", "--as", "seller:bytecraft")).Exit.Should().Be(0);
        var deliver = await _cli.RunAsync("act", "ORD-2", "deliver", "--as", "seller:bytecraft",
            "--proof", "Statement of work=https://files.example.com/sow.pdf", "--proof", "Acceptance=https://files.example.com/acceptance.pdf",
            "--field", "Data verified=Row counts match");
        deliver.Exit.Should().Be(0, deliver.ToString());
        (await _cli.RunAsync("act", "ORD-2", "reject-delivery", "--as", "buyer:alice", "--text", "Indexes are missing.")).Exit.Should().Be(0);

        var show = await _cli.RunAsync("show", "ORD-2", "--as", "seller:bytecraft");

        show.Exit.Should().Be(0, show.ToString());
        show.Output.Should().Contain("DeliveryRejected").And.Contain("delivery 1").And.Contain("Indexes are missing.");
    }

    [Fact]
    public async Task Appeal_opened_and_decided_by_an_operations_manager()
    {
        await CreateOrderAsync();
        for (var i = 0; i < 3; i++)
        {
            (await _cli.RunAsync("act", "ORD-1", "submit-request", "--as", "buyer:alice", "--text", "Migrate.")).Exit.Should().Be(0);
            (await _cli.RunAsync("act", "ORD-1", "return-request", "--as", "seller:bytecraft", "--text", "Sizes?")).Exit.Should().Be(0);
        }

        var appeal = await _cli.RunAsync("act", "ORD-1", "open-appeal", "--as", "buyer:alice", "--text", "Returned three times.", "--proof", "Chat=https://files.example.com/chat.txt");
        appeal.Exit.Should().Be(0, appeal.ToString());
        var decide = await _cli.RunAsync("act", "ORD-1", "decide-appeal", "--as", "operations-manager:chen", "--text", "Close it.", "--outcome", "close", "--json");

        decide.Exit.Should().Be(0, decide.ToString());
        decide.Json().GetProperty("stageAfter").GetString().Should().Be("Closed");
    }

    [Fact]
    public async Task Search_and_waiting_list_the_flows_as_json_with_a_cursor_for_the_next_page()
    {
        await CreateOrderAsync("ORD-1");
        (await _cli.RunAsync("create", "ORD-2", "--buyer", "alice", "--seller", "bytecraft", "--product", "db-migration")).Exit.Should().Be(0);
        (await _cli.RunAsync("create", "ORD-3", "--buyer", "bob", "--seller", "bytecraft", "--product", "db-migration")).Exit.Should().Be(0);
        (await _cli.RunAsync("act", "ORD-2", "submit-request", "--as", "buyer:alice", "--text", "Migrate.")).Exit.Should().Be(0);

        var first = await _cli.RunAsync("search", "--buyer", "alice", "--page-size", "1", "--json");
        first.Exit.Should().Be(0, first.ToString());
        first.Json().GetProperty("items").GetArrayLength().Should().Be(1);
        var cursor = first.Json().GetProperty("next").GetString()!;
        var second = await _cli.RunAsync("search", "--buyer", "alice", "--page-size", "1", "--after", cursor, "--json");
        second.Exit.Should().Be(0, second.ToString());
        var orders = new[] { first, second }.Select(r => r.Json().GetProperty("items")[0].GetProperty("orderNumber").GetString());
        orders.Should().BeEquivalentTo("ORD-1", "ORD-2");

        var waiting = await _cli.RunAsync("waiting", "--as", "seller:bytecraft", "--json");
        waiting.Exit.Should().Be(0, waiting.ToString());
        waiting.Json().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("orderNumber").GetString()).Should().Equal("ORD-2");

        var table = await _cli.RunAsync("search", "--stage", "awaiting-request");
        table.Exit.Should().Be(0, table.ToString());
        table.Output.Should().Contain("ORD-1").And.Contain("ORD-3").And.NotContain("ORD-2");
    }

    [Fact]
    public async Task Sweep_once_reports_as_json()
    {
        await CreateOrderAsync();

        var run = await _cli.RunAsync("sweep", "--json");

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("flowsUpdated").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("mermaid", "stateDiagram-v2")]
    [InlineData("overview", "any open stage")]
    [InlineData("dot", "digraph")]
    public async Task Diagram_prints_the_machine_in_each_format(string format, string expected)
    {
        var run = await _cli.RunRawAsync(["diagram", "--format", format]);
        run.Exit.Should().Be(0, run.ToString());
        run.Output.Should().Contain(expected);

        var json = await _cli.RunRawAsync(["diagram", "--format", format, "--json"]);
        json.Json().GetProperty("diagram").GetString().Should().Contain(expected);
    }

    [Fact]
    public async Task Scenario_run_plays_the_documented_scenarios()
    {
        var folder = Path.Combine(Repository.Root, "docs", "scenarios");
        var file = Directory.GetFiles(folder, "R20-*.yaml").First();

        var run = await _cli.RunRawAsync(["scenario", "run", file, "--json"]);

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("passed").GetInt32().Should().Be(1);
        run.Json().GetProperty("failed").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Scenario_run_exits_1_when_a_scenario_fails()
    {
        var file = Path.Combine(_cli.Folder, "wrong.yaml");
        await File.WriteAllTextAsync(file, """
            scenario: A request is accepted
            start: 2026-03-02T09:00:00Z
            order: { number: ORD-9001, kind: ProfessionalService }
            steps:
              - at: +0s
                actor: buyer
                action: submit-request
                text: Migrate our order database.
                expect: { ok: true, stage: InService }
            """);

        var run = await _cli.RunRawAsync(["scenario", "run", file]);

        run.Exit.Should().Be(1, run.ToString());
        run.Output.Should().Contain("failed");
    }

    [Fact]
    public async Task Explore_checks_the_invariants_and_reports_as_json()
    {
        var run = await _cli.RunRawAsync(["explore", "--depth", "2", "--json"]);

        run.Exit.Should().Be(0, run.ToString());
        run.Json().GetProperty("passed").GetBoolean().Should().BeTrue();
        run.Json().GetProperty("states").GetInt32().Should().BeGreaterThan(1);
    }
}
