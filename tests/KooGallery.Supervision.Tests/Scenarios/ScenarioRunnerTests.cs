using KooGallery.Supervision.Scenarios;

namespace KooGallery.Supervision.Tests.Scenarios;

/// <summary>The runner's reports: the first failing step with its file and line, and the parts of the format.</summary>
public sealed class ScenarioRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scenarios-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    private static int LineOf(string text, string marker) =>
        text.ReplaceLineEndings("\n").Split('\n').Select((line, i) => (line, i)).Single(x => x.line.Contains(marker, StringComparison.Ordinal)).i + 1;

    private const string WrongScenario = """
        scenario: A deliberately wrong scenario
        rule: R9
        order: { number: ORD-1 }
        steps:
          - at: +1h
            actor: buyer
            action: submit-request
            expect: { stage: RequestSubmitted }
          - at: +1h
            actor: seller
            action: return-request
            reason: Which version?
            expect:
              request-rejections: 1
              stage: InService        # wrong: the request was returned
          - at: +1h
            actor: buyer
            action: accept-delivery   # wrong too, but never reached
        """;

    [Fact]
    public async Task RunFileAsync_a_wrong_expectation_reports_the_first_failing_step_with_its_line()
    {
        var file = Write("wrong.yaml", WrongScenario);

        var result = await new ScenarioRunner().RunFileAsync(file);

        result.Passed.Should().BeFalse();
        result.StepsRun.Should().Be(2);
        var failure = result.Failure!;
        failure.File.Should().Be(file);
        failure.Line.Should().Be(LineOf(WrongScenario, "stage: InService"));
        failure.Step.Should().Be(2);
        failure.Key.Should().Be("stage");
        failure.Expected.Should().Be("InService");
        failure.Found.Should().Be("RequestReturned");
        result.ToString().Should().StartWith($"{file}:{failure.Line}: step 2 (at +1h: seller return-request): stage: expected InService, found RequestReturned");
    }

    [Fact]
    public async Task RunFileAsync_a_refused_step_that_expects_nothing_fails_at_the_step_with_the_library_refusal()
    {
        var text = """
            scenario: A step that should have worked
            rule: R13
            order: { number: ORD-1 }
            steps:
              - at: +1h
                actor: buyer
                action: accept-delivery
            """;
        var file = Write("refused.yaml", text);

        var result = await new ScenarioRunner().RunFileAsync(file);

        var failure = result.Failure!;
        failure.Line.Should().Be(LineOf(text, "- at: +1h"));
        failure.Key.Should().Be("ok");
        failure.Found.Should().Be("refused NotPermittedInStage");
        failure.Refusal.Should().StartWith("NotPermittedInStage (NotInStage): ");
        result.ToString().Should().Contain("the library said: NotPermittedInStage");
    }

    [Fact]
    public async Task RunFileAsync_an_unknown_key_is_a_format_failure_at_its_line()
    {
        var text = """
            scenario: A typo
            rule: R9
            steps:
              - at: +1h
                actor: buyer
                action: submit-request
                expect:
                  stagee: RequestSubmitted
            """;
        var file = Write("typo.yaml", text);

        var result = await new ScenarioRunner().RunFileAsync(file);

        result.Failure!.Key.Should().Be("format");
        result.Failure.Line.Should().Be(LineOf(text, "stagee"));
        result.ToString().Should().StartWith($"{file}:{result.Failure.Line}: cannot read the scenario: 'stagee' is not a key of expect");
    }

    [Fact]
    public async Task RunFileAsync_text_that_is_not_yaml_is_a_format_failure_at_its_line()
    {
        var file = Write("broken.yaml", "scenario: Broken\nrule: R9\nsteps:\n  - at: +1h\n    actor: [buyer\n");

        var result = await new ScenarioRunner().RunFileAsync(file);

        result.Failure!.Key.Should().Be("format");
        result.Failure.Found.Should().StartWith("This is not valid YAML");
        result.Failure.Line.Should().BeGreaterThanOrEqualTo(5);
    }

    [Theory]
    [InlineData("  - at: +99999999d", "+99999999d")]
    [InlineData("  - at: +1h\n    actor: seller\n    action: deliver\n    enabling-instant: +999999999999d", "enabling-instant")]
    public async Task RunFileAsync_a_duration_past_the_range_of_a_duration_is_a_format_failure_at_its_line(string step, string marker)
    {
        // Before: NodaTime's ArgumentOutOfRangeException came out of the runner, with no file or line.
        var text = "scenario: Far\nrule: R9\nsteps:\n" + step + "\n";
        var file = Write("far.yaml", text);

        var result = await new ScenarioRunner().RunFileAsync(file);

        result.Failure!.Key.Should().Be("format");
        result.Failure.Line.Should().Be(LineOf(text, marker));
    }

    [Fact]
    public async Task RunFileAsync_an_expected_instant_past_the_end_of_the_clock_is_a_failure_at_the_step()
    {
        var text = "scenario: The end\nrule: R15\nstart: 9999-12-31T00:00:00Z\nsteps:\n  - at: +1h\n    sweep: true\n    expect:\n      completion-due: +3d\n";
        var file = Write("end-expect.yaml", text);

        var result = await new ScenarioRunner().RunFileAsync(file);

        result.Passed.Should().BeFalse();
        result.Failure!.Key.Should().Be("time");
        result.Failure.Line.Should().Be(LineOf(text, "+1h"));
    }

    [Fact]
    public async Task RunFileAsync_a_step_time_past_the_end_of_the_clock_is_a_failure_at_the_step()
    {
        // Before: the OverflowException of the step's instant came out of the runner.
        var text = "scenario: The end\nrule: R9\nstart: 9999-12-31T00:00:00Z\nsteps:\n  - at: +5d\n    sweep: true\n";
        var file = Write("end.yaml", text);

        var result = await new ScenarioRunner().RunFileAsync(file);

        result.Passed.Should().BeFalse();
        result.Failure!.Key.Should().Be("at");
        result.Failure.Line.Should().Be(LineOf(text, "+5d"));
    }

    [Fact]
    public async Task RunAsync_takes_zero_as_the_time_of_the_previous_step_as_the_schema_says()
    {
        // Before: "at: 0" (and "+0", which YAML reads as the number 0) was refused, though the schema allows it.
        var scenario = ScenarioReader.Read("scenario: Same time\nrule: R9\nsteps:\n  - at: 0\n    sweep: true\n  - at: +0\n    sweep: true\n", "zero.yaml");

        var result = await new ScenarioRunner().RunAsync(scenario);

        result.Passed.Should().BeTrue(result.ToString());
        scenario.Steps.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("placed-from: -1h", "[ORD-1]")]
    [InlineData("placed-before: -1h", "[]")]
    [InlineData("placed-from: +1h", "[]")]
    public async Task RunAsync_counts_a_search_s_relative_placement_times_from_the_start_as_the_order_s_placed(string criterion, string found)
    {
        // The order is placed at the start; the search runs ten days later, and its placement times count from the start too.
        var scenario = ScenarioReader.Read($"scenario: Placement\nrule: R29\norder: {{ number: ORD-1 }}\nsteps:\n  - at: +10d\n    actor: ops\n    action: search\n    query: {{ {criterion} }}\n    expect: {{ found: {found} }}\n", "placement.yaml");

        var result = await new ScenarioRunner().RunAsync(scenario);

        result.Passed.Should().BeTrue(result.ToString());
    }

    [Fact]
    public void Read_keeps_the_line_of_every_step_and_expectation()
    {
        var scenario = ScenarioReader.Read(WrongScenario, "wrong.yaml");

        scenario.Rules.Should().Equal("R9");
        scenario.Steps.Select(s => s.Line).Should().Equal(5, 9, 16);
        scenario.Steps[1].Expectations.Select(e => (e.Key, e.Line)).Should().Equal(
            ("request-rejections", LineOf(WrongScenario, "request-rejections: 1")),
            ("stage", LineOf(WrongScenario, "stage: InService")));
    }

    [Fact]
    public async Task RunAsync_relative_times_and_a_step_earlier_than_the_previous_one_set_the_clock()
    {
        var scenario = ScenarioReader.Read("""
            scenario: Times
            rule: R32
            start: 2026-03-02T09:00:00Z
            order: { number: ORD-1, kind: License }
            steps:
              - at: +5d 1h
                expect: { idle-for: 5d 1h, stalled: true }
              - at: +1ns
                expect: { idle-for: 5d 1h 1ns }
              - at: 2026-03-03T09:00:00Z
                note: The clock goes back.
                expect: { idle-for: 1d }
              - at: -2d
                note: Before the flow existed; the idle time is never negative.
                expect: { idle-for: 0 }
            """, "times.yaml");

        var result = await new ScenarioRunner().RunAsync(scenario);

        result.Passed.Should().BeTrue(result.ToString());
        result.StepsRun.Should().Be(4);
    }

    [Fact]
    public async Task RunAsync_a_repeated_command_id_is_a_retry()
    {
        var scenario = ScenarioReader.Read("""
            scenario: Retry
            rule: R30
            order: { number: ORD-1 }
            steps:
              - { at: +1h, actor: buyer, action: submit-request, id: same, expect: { replay: false } }
              - { at: +1h, actor: buyer, action: submit-request, id: same, expect: { replay: true, records: 2 } }
              - { at: +1h, actor: buyer, action: send-reminder, id: same, expect: { refused: Conflict, reason: CommandIdReused } }
            """, "retry.yaml");

        (await new ScenarioRunner().RunAsync(scenario)).Passed.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_a_policy_out_of_range_fails_at_the_policy()
    {
        var text = """
            scenario: Bad policy
            rule: R15
            policy:
              completion-delay: 400d
            steps:
              - at: +1h
            """;

        var result = await new ScenarioRunner().RunAsync(ScenarioReader.Read(text, "policy.yaml"));

        result.Failure!.Line.Should().Be(LineOf(text, "policy:"));
        result.Failure.Key.Should().Be("policy");
        result.Failure.Found.Should().Contain("CompletionDelay");
    }

    [Fact]
    public async Task RunFileAsync_reads_a_json_scenario_too()
    {
        var file = Write("json.json", """
            {
              "scenario": "JSON works too",
              "rule": "R5",
              "order": { "number": "ORD-1", "kind": "License" },
              "steps": [
                { "at": "+1h", "expect": { "stage": "InService", "waiting-on": "seller" } }
              ]
            }
            """);

        var result = await new ScenarioRunner().RunFileAsync(file);

        result.Passed.Should().BeTrue(result.ToString());
    }

    [Fact]
    public async Task RunAsync_plays_on_the_store_it_is_given()
    {
        var store = new InMemoryServiceFlowStore();
        var scenario = ScenarioReader.Read("""
            scenario: Own store
            rule: R2
            order: { number: ORD-77 }
            steps:
              - { at: +1h, actor: buyer, action: submit-request }
            """, "store.yaml");

        var result = await new ScenarioRunner(() => store).RunAsync(scenario);

        result.Passed.Should().BeTrue(result.ToString());
        (await store.LoadAsync("ORD-77", CancellationToken.None))!.Stage.Should().Be(Stage.RequestSubmitted);
    }

    [Theory]
    [InlineData("steps:\n  - action: view\n    actor: buyer\n", "Every step says when it happens")]
    [InlineData("steps:\n  - at: +1h\n    action: submit-request\n", "Say who acts")]
    [InlineData("steps:\n  - at: +1h\n    actor: buyer\n    action: submit-request\n    reason: x\n", "submit-request does not take 'reason'")]
    [InlineData("steps:\n  - at: +1h\n    actor: ops\n    action: decide-appeal\n", "A decision has an outcome")]
    [InlineData("steps:\n  - at: +1h\n    race:\n      - { actor: buyer, action: send-reminder }\n      - { actor: buyer, action: send-reminder }\n", "A race says how many")]
    [InlineData("steps:\n  - at: 5 days later\n", "The step's time must be")]
    [InlineData("steps:\n  - at: +1h\n    actor: auditor\n    action: view\n", "'auditor' is not an actor")]
    [InlineData("steps:\n  - at: +1h\n    expect: { found: [ORD-1] }\n", "'found' is checked only after a search")]
    [InlineData("steps:\n  - at: 1e-40\n    actor: buyer\n    action: view\n", "The step's time must be")]
    public void Read_refuses_what_the_format_does_not_know(string steps, string problem)
    {
        var read = () => ScenarioReader.Read("scenario: Bad\nrule: R1\n" + steps, "bad.yaml");

        read.Should().Throw<ScenarioFormatException>().Which.Problem.Should().Contain(problem);
    }

    [Theory]
    [InlineData("scenario: [unclosed\nrule: R9\n")]
    [InlineData("scenario: Bad\nrule: [R9\n")]
    public void Read_refuses_broken_YAML_as_a_format_error_naming_the_file_even_where_the_YAML_reader_gives_up(string text)
    {
        // Before: an unclosed flow sequence of plain scalars escaped as YamlDotNet's own InvalidOperationException.
        var read = () => ScenarioReader.Read(text, "broken.yaml");

        read.Should().Throw<ScenarioFormatException>().Which.File.Should().Be("broken.yaml");
    }
}
