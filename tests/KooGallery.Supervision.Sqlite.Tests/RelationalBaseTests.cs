using KooGallery.Supervision.Relational;

namespace KooGallery.Supervision.Sqlite.Tests;

/// <summary>
/// The parts of the relational store base (src/Shared/Relational) that the store's own scenarios reach only by
/// chance: the schema gate (one check shared by the first calls, run again after a failure, skipped after the explicit
/// schema step), the library stamp of the schema table, and the clamping of instants into the 64-bit indexed columns.
/// Found by mutation testing (docs/testing.md): each test names what it protects.
/// </summary>
public sealed class RelationalBaseTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SchemaGate_after_Pass_never_runs_the_check()
    {
        var gate = new SchemaGate();
        var checks = 0;
        gate.Pass();

        await gate.WaitAsync(() => { checks++; return Task.FromException(new InvalidOperationException("checked")); }, CancellationToken.None);

        checks.Should().Be(0);
    }

    [Fact]
    public async Task SchemaGate_runs_a_check_that_passed_only_once()
    {
        var gate = new SchemaGate();
        var checks = 0;
        Task Check() { checks++; return Task.CompletedTask; }

        await gate.WaitAsync(Check, CancellationToken.None);
        await gate.WaitAsync(Check, CancellationToken.None);
        await gate.WaitAsync(Check, CancellationToken.None);

        checks.Should().Be(1);
    }

    [Fact]
    public async Task SchemaGate_runs_a_failed_check_again_on_the_next_call()
    {
        var gate = new SchemaGate();
        var checks = 0;

        var first = async () => await gate.WaitAsync(() => { checks++; return Task.FromException(new InvalidOperationException("no schema yet")); }, CancellationToken.None);
        await first.Should().ThrowAsync<InvalidOperationException>().WithMessage("no schema yet");
        await gate.WaitAsync(() => { checks++; return Task.CompletedTask; }, CancellationToken.None);
        await gate.WaitAsync(() => { checks++; return Task.CompletedTask; }, CancellationToken.None);

        checks.Should().Be(2, "the failed check is forgotten, the second one passes and is kept");
    }

    [Fact]
    public async Task SchemaGate_a_call_that_loses_the_race_to_start_the_check_waits_for_the_check_that_won()
    {
        // The first call's check starts a second call before the first has published its check: the second publishes
        // its own first. The first call must then wait for the published check, not for its own.
        var gate = new SchemaGate();
        var won = new TaskCompletionSource();
        var lost = new TaskCompletionSource();
        Task? second = null;

        var first = gate.WaitAsync(() =>
        {
            second = gate.WaitAsync(() => won.Task, CancellationToken.None).AsTask();
            return lost.Task;
        }, CancellationToken.None).AsTask();
        won.SetResult();
        lost.SetException(new InvalidOperationException("the losing call's own check"));

        await second!;
        var act = async () => await first;
        await act.Should().NotThrowAsync("the check both calls share has passed; the losing call's own check is not the one it waits for");
    }

    [Fact]
    public async Task The_explicit_schema_step_counts_as_the_check_before_the_first_operation()
    {
        var file = _folder.File("explicit.db");
        var store = Open(file);
        await store.EnsureSchemaAsync();
        // Another program changes the version afterwards: a store that checked again would refuse it (SchemaTooNew).
        await SqliteFile.ExecuteAsync(file, "UPDATE supervision_schema SET version = 99");

        var flow = await store.LoadAsync("ORD-1", CancellationToken.None);

        flow.Should().BeNull();
    }

    [Fact]
    public async Task The_schema_table_records_the_version_of_the_library_that_wrote_it()
    {
        var file = _folder.File("stamp.db");

        await Open(file).EnsureSchemaAsync();

        var library = await SqliteFile.ScalarAsync(file, "SELECT library FROM supervision_schema");
        library.Should().Be(typeof(SqliteServiceFlowStore).Assembly.GetName().Version!.ToString());
    }

    [Fact]
    public void Indexed_instants_are_Unix_nanoseconds_clamped_at_the_64_bit_range()
    {
        var first = NodaConstants.UnixEpoch + Duration.FromNanoseconds(long.MinValue);
        var last = NodaConstants.UnixEpoch + Duration.FromNanoseconds(long.MaxValue);

        RelationalFlowColumns.Nanos(NodaConstants.UnixEpoch).Should().Be(0);
        RelationalFlowColumns.Nanos(NodaConstants.UnixEpoch + Duration.FromNanoseconds(1)).Should().Be(1);
        RelationalFlowColumns.Nanos(NodaConstants.UnixEpoch - Duration.FromNanoseconds(1)).Should().Be(-1);
        RelationalFlowColumns.Nanos(first).Should().Be(long.MinValue);
        RelationalFlowColumns.Nanos(first + Duration.FromNanoseconds(1)).Should().Be(long.MinValue + 1);
        RelationalFlowColumns.Nanos(last).Should().Be(long.MaxValue);
        RelationalFlowColumns.Nanos(last - Duration.FromNanoseconds(1)).Should().Be(long.MaxValue - 1);
        RelationalFlowColumns.Nanos(Instant.MinValue).Should().Be(long.MinValue);
        RelationalFlowColumns.Nanos(Instant.MaxValue).Should().Be(long.MaxValue);
        RelationalFlowColumns.Nanos((Instant?)null).Should().BeNull();
        RelationalFlowColumns.FromNanos(RelationalFlowColumns.Nanos(Instant.FromUtc(2026, 3, 2, 9, 0))).Should().Be(Instant.FromUtc(2026, 3, 2, 9, 0));
    }

    [Fact]
    public void NanosAfter_adds_a_positive_duration_without_overflowing()
    {
        var last = NodaConstants.UnixEpoch + Duration.FromNanoseconds(long.MaxValue);

        RelationalFlowColumns.NanosAfter(NodaConstants.UnixEpoch, Duration.FromNanoseconds(5)).Should().Be(5);
        RelationalFlowColumns.NanosAfter(last - Duration.FromNanoseconds(5), Duration.FromNanoseconds(4)).Should().Be(long.MaxValue - 1);
        RelationalFlowColumns.NanosAfter(last - Duration.FromNanoseconds(5), Duration.FromNanoseconds(5)).Should().Be(long.MaxValue);
        RelationalFlowColumns.NanosAfter(Instant.MaxValue, Duration.FromDays(1)).Should().Be(long.MaxValue);
    }

    private static SqliteServiceFlowStore Open(string file) => new(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
}
