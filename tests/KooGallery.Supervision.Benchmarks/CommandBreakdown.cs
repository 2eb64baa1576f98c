using System.Diagnostics;
using System.Globalization;
using KooGallery.Supervision.Internal;
using KooGallery.Supervision.Machine;
using NodaTime.Testing;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// The in-memory progress update of <see cref="CommandBenchmarks"/> taken apart: each step of the command timed alone
/// over 20,000 operations (as one benchmark iteration), with the bytes it allocates and the time the garbage
/// collector paused the process meanwhile (<see cref="GC.GetTotalPauseDuration"/>). The store's save and the whole
/// command run on a new store each round, one flow taking all 20,000, as in the benchmark. Medians of 15 rounds after
/// at least 15 warm-up rounds and 1.5 seconds. The steps overlap a little (a fire needs a draft, a record needs one
/// too); what the whole costs beyond the sum of its steps is the engine's own path between them. A text after the
/// mode runs only the steps whose names contain it (to attach a profiler to one).
/// </summary>
internal static class CommandBreakdown
{
    private const int Operations = CommandBenchmarks.Operations;
    private const int Rounds = 15;
    private const string Text = "Schema converted; data copy at 40 %.";

    public static async Task RunAsync(string? only)
    {
        var store = new InMemoryServiceFlowStore();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Stories.Start));
        (await supervisor.CreateFlowAsync(Stories.Order("P-1", ProductKind.License))).GetValueOrThrow();
        var flow = (await store.LoadAsync("P-1", default))!;
        var command = new PostProgressUpdate("p-x", "P-1", Stories.Seller, Text);
        var policy = SupervisionPolicy.Default;
        var pool = new SupervisionMachinePool();
        var content = new CommandContent();
        command.Describe(content);
        var details = new CommandDetails(content.Text, null, null, null, false);
        var raw = new CommandBenchmarks();
        raw.SetUpRaw();

        // Each step: its name, how many calls make the round's 20,000 operations, and a fresh action per round.
        var steps = new List<(string Name, int Calls, Func<Action> Prepare)>
        {
            ("raw Stateless Fire (the baseline)", 1, () => raw.RawStatelessFire),
            ("load the flow and the command id", Operations, () => () => Wait(store.LoadForCommandAsync("P-1", "p-x", default))),
            ("check the ids", Operations, () => () => CallValidation.CheckIds("p-x", "P-1", Stories.Seller, isCommand: true)),
            ("authorize", Operations, () => () => Authorizer.AuthorizeCommand(flow, command)),
            ("take the input once", Operations, () => () =>
            {
                var taken = command.TakeInput(new CommandInput(flow, policy));
                taken.Describe(new CommandContent());
            }),
            ("copy the flow (the draft)", Operations, () => () => flow.Copy()),
            ("catch up timers (none due)", Operations, () => () =>
            {
                using var lease = pool.Lease();
                TimerCatchUp.Apply(lease.Machine, flow, policy, Stories.Start, new PendingChanges());
            }),
            ("validate", Operations, () => () => command.Validate(new CommandValidation(flow, policy, Stories.Start))),
            ("draft, bind and fire", Operations, () => () =>
            {
                using var lease = pool.Lease();
                lease.Machine.Bind(flow.Copy(), policy, Stories.Seller, Stories.Start);
                if (lease.Machine.FreezeBlocksActor() || !lease.Machine.IsConfiguredInStage(Trigger.PostProgressUpdate) || !lease.Machine.TryFire(Trigger.PostProgressUpdate, details))
                {
                    throw new InvalidOperationException("The progress update was not permitted.");
                }
            }),
            ("fingerprint", Operations, () => () => CommandFingerprint.Of(command, content)),
            ("draft and record", Operations, () => () => new PendingChanges().AddCommandRecord(flow.Copy(), command, content, Stage.InService, Stories.Start, [])),
            ("draft, record, outcome and save (store alone)", Operations, () => PrepareSave(command, content)),
            ("whole command", 1, PrepareCommands),
        };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"step (per operation; medians of 15 rounds of 20,000)",-48} {"time",9} {"bytes",7} {"GC pause",9}"));
        foreach (var (name, calls, prepare) in steps)
        {
            if (only is not null && !name.Contains(only, StringComparison.Ordinal))
            {
                continue;
            }

            var times = new List<double>();
            var pauses = new List<double>();
            var bytes = 0.0;
            // Warm-up by time as well as by count: the runtime compiles hot code again, optimized, only once no new
            // code has been compiled for a while (100 ms by default), so a fast step needs many rounds to get there.
            var warmUp = Stopwatch.StartNew();
            for (var round = 0; round < Rounds || warmUp.Elapsed < TimeSpan.FromSeconds(1.5); round++)
            {
                Measure(prepare(), calls);
            }

            for (var round = 0; round < Rounds; round++)
            {
                var (time, allocated, paused) = Measure(prepare(), calls);
                times.Add(time);
                pauses.Add(paused);
                bytes = allocated;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {Median(times),6:F0} ns {bytes,7:F0} {Median(pauses),6:F0} ns"));
        }
    }

    private static Action PrepareSave(PostProgressUpdate command, CommandContent content)
    {
        var store = new InMemoryServiceFlowStore();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Stories.Start));
        Wait(supervisor.CreateFlowAsync(Stories.Order("P-1", ProductKind.License)));
        var current = Wait(store.LoadAsync("P-1", default))!;
        var ids = new string[Operations];
        for (var i = 0; i < Operations; i++)
        {
            ids[i] = "s-" + i.ToString(CultureInfo.InvariantCulture);
        }

        var next = 0;
        return () =>
        {
            var draft = current.Copy();
            var changes = new PendingChanges();
            var record = changes.AddCommandRecord(draft, command, content, Stage.InService, Stories.Start, []);
            draft.Version = current.Version + 1;
            var outcome = new CommandOutcome
            {
                CommandId = ids[next++], OrderNumber = "P-1", Action = SupervisionAction.PostProgressUpdate, StageBefore = Stage.InService,
                StageAfter = Stage.InService, FlowVersion = draft.Version, RecordSequence = record.Sequence, At = Stories.Start,
                Fingerprint = "0123456789abcdef0123456789abcdef",
            };
            if (Wait(store.SaveAsync(new FlowChange(draft, current.Version, changes.Records, [], outcome), default)) != FlowSaveResult.Saved)
            {
                throw new InvalidOperationException("The save lost.");
            }

            current = draft;
        };
    }

    private static Action PrepareCommands()
    {
        var benchmarks = new CommandBenchmarks();
        benchmarks.SetUpProgress();
        return () => benchmarks.ProgressUpdate().GetAwaiter().GetResult();
    }

    private static (double Time, double Bytes, double Pause) Measure(Action action, int count)
    {
        // As BenchmarkDotNet does before each iteration: what the set-up made is collected or promoted first.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var paused = GC.GetTotalPauseDuration();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            action();
        }

        watch.Stop();
        return (watch.Elapsed.TotalNanoseconds / Operations, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Operations,
            (GC.GetTotalPauseDuration() - paused).TotalNanoseconds / Operations);
    }

    private static T Wait<T>(ValueTask<T> task) => task.IsCompleted ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
