using System.Globalization;
using KooGallery.Supervision;
using KooGallery.Supervision.Sqlite;
using NodaTime;

// Streams commands against a SQLite file and prints "ack <command id>" after each one is committed,
// so that a test can kill this process at any point (SIGKILL) and check what survived.
// Usage: CrashHost <database file> <first command number> <last command number>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: CrashHost <database file> <first command number> <last command number>");
    return 2;
}

var file = args[0];
var first = int.Parse(args[1], CultureInfo.InvariantCulture);
var last = int.Parse(args[2], CultureInfo.InvariantCulture);
var store = new SqliteServiceFlowStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
await store.EnsureSchemaAsync();
var supervisor = new ServiceSupervisor(store, CrashPlan.Clock, handlers: [new SlowHandler()]);
for (var flow = 0; flow < CrashPlan.Flows; flow++)
{
    (await supervisor.CreateFlowAsync(CrashPlan.Order(flow))).GetValueOrThrow();
}

Console.WriteLine("ready");
for (var number = first; number <= last; number++)
{
    var command = CrashPlan.Command(number);
    var result = await supervisor.ExecuteAsync(command);
    if (!result.IsSuccess)
    {
        Console.Error.WriteLine($"refused {command.CommandId}: {result.Error}");
        return 1;
    }

    Console.WriteLine($"ack {command.CommandId}");
}

Console.WriteLine("done");
return 0;

/// <summary>A handler that takes a little time, so kills land in the middle of dispatches too.</summary>
internal sealed class SlowHandler : ISupervisionEventHandler
{
    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        Thread.SpinWait(20_000);
        return ValueTask.CompletedTask;
    }
}
