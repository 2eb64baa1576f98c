using System.Diagnostics;
using System.Globalization;
using NodaTime.Testing;

namespace KooGallery.Supervision.Sqlite.Tests;

/// <summary>
/// A child process streams commands against a SQLite file and is killed with SIGKILL at random points;
/// after each kill the file must hold every acknowledged command, no half-written flow, complete records
/// in order, and an outbox whose events can all be delivered.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 6;
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task R26_R30_R31_ChildKilledWhileStreamingCommands_LosesNothingAcknowledgedAndLeavesNothingHalfWritten()
    {
        var file = _folder.File("crash.db");
        var random = new Random(20261128);
        var acknowledged = new List<int>();
        var next = 0;
        var killed = 0;
        for (var run = 0; run < Kills; run++)
        {
            var killAfter = random.Next(5, 120);
            var (acks, wasKilled) = await RunChildAsync(file, next, next + 1000, killAfter);
            acknowledged.AddRange(acks);
            killed += wasKilled ? 1 : 0;
            next = acknowledged.Count == 0 ? 0 : acknowledged.Max() + 1;

            var found = await VerifyAsync(file, acknowledged);
            found.Should().Be(acknowledged.Count);
        }

        var (finalAcks, _) = await RunChildAsync(file, next, next + 40, killAfter: int.MaxValue);
        acknowledged.AddRange(finalAcks);
        var foundAtEnd = await VerifyAsync(file, acknowledged);

        output.WriteLine($"crash: {killed} kills, {acknowledged.Count} commands acknowledged, {foundAtEnd} acknowledged commands found");
        killed.Should().Be(Kills);
        foundAtEnd.Should().Be(acknowledged.Count);
    }

    private static async Task<(List<int> Acks, bool Killed)> RunChildAsync(string file, int first, int last, int killAfter)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "KooGallery.Supervision.CrashHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(first.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(last.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var acks = new List<int>();
        var killed = false;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("ack crash-", StringComparison.Ordinal))
            {
                continue;
            }

            acks.Add(int.Parse(line["ack crash-".Length..], CultureInfo.InvariantCulture));
            if (acks.Count >= killAfter)
            {
                process.Kill(entireProcessTree: true); // SIGKILL: no clean-up runs in the child
                killed = true;
                break;
            }
        }

        await process.WaitForExitAsync();
        if (!killed && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The crash host failed with exit code {process.ExitCode}: {await errors}");
        }

        return (acks, killed);
    }

    private static async Task<int> VerifyAsync(string file, IReadOnlyList<int> acknowledged)
    {
        var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        await store.EnsureSchemaAsync();

        // Every acknowledged command is there, with its record at the sequence its outcome names.
        var found = 0;
        var recordsByFlow = new Dictionary<string, IReadOnlyList<OperationRecord>>();
        foreach (var number in acknowledged)
        {
            var command = CrashPlan.Command(number);
            var outcome = await store.FindCommandOutcomeAsync(command.OrderNumber, command.CommandId, CancellationToken.None);
            outcome.Should().NotBeNull($"command {command.CommandId} was acknowledged");
            if (!recordsByFlow.TryGetValue(command.OrderNumber, out var records))
            {
                records = await store.ReadRecordsAsync(command.OrderNumber, CancellationToken.None);
                recordsByFlow[command.OrderNumber] = records;
            }

            records.Should().Contain(r => r.CommandId == command.CommandId && r.Sequence == outcome!.RecordSequence && r.Action == command.Action);
            found++;
        }

        // No flow is half written: its version, last sequence and records agree, in order and without gaps.
        for (var flow = 0; flow < CrashPlan.Flows; flow++)
        {
            var order = CrashPlan.OrderNumber(flow);
            var state = await store.LoadAsync(order, CancellationToken.None);
            var records = await store.ReadRecordsAsync(order, CancellationToken.None);
            if (state is null)
            {
                records.Should().BeEmpty();
                continue;
            }

            records.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, records.Count).Select(i => (long)i));
            state.LastSequence.Should().Be(records.Count);
            state.Version.Should().Be(records.Count);
            state.DeliveryRejections.Should().Be(records.Count(r => r.Action == SupervisionAction.RejectDelivery));
        }

        // Every event left in the outbox by a kill is delivered now.
        var supervisor = new ServiceSupervisor(store, new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0)), handlers: [new NullHandler()]);
        await supervisor.DispatchPendingEventsAsync();
        (await store.ReadPendingEventsAsync(Instant.MaxValue, 10, CancellationToken.None)).Should().BeEmpty();
        return found;
    }

    private sealed class NullHandler : ISupervisionEventHandler
    {
        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
