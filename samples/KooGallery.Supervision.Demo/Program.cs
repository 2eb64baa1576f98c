using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using KooGallery.Supervision;
using KooGallery.Supervision.Demo;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

// Two complete service-supervision stories, played with a fake clock so that days pass in an instant.
// Options (nothing runs and nothing is written for --help or an unknown argument):
//   --database PATH     keep the flows in this SQLite file (a second run lists the first run's flows)
//   --in-memory         keep the flows in memory
//   --diagram FORMAT    print a diagram of the real machine instead: mermaid, dot or overview
const string Usage = """
    Usage: dotnet run --project samples/KooGallery.Supervision.Demo [-- OPTIONS]

    Plays two service-supervision stories with a fake clock: a request returned twice, a delivery rejected once,
    accepted and completed 3 hours later; then a seller who goes silent, an appeal, and an operations manager's decision.

    Options:
      --database PATH    Keep the flows in this SQLite file; run again with the same file to see them read back.
                         Without it, each run uses a new file in the temporary folder.
      --in-memory        Keep the flows in memory (nothing is written).
      --diagram FORMAT   Print a diagram of the state machine instead: mermaid, dot or overview.
      -h, --help         Print this help.
    """;

var inMemory = false;
string? database = null;
string? diagram = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] is "-h" or "--help" or "-?")
    {
        Console.WriteLine(Usage);
        return 0;
    }
}

for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--in-memory":
            inMemory = true;
            break;
        case "--database" when i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal):
            database = Path.GetFullPath(args[++i]);
            break;
        case "--diagram" when i + 1 < args.Length && args[i + 1] is "mermaid" or "dot" or "overview":
            diagram = args[++i];
            break;
        case "--database":
            return Fail("--database needs a file path.");
        case "--diagram":
            return Fail(i + 1 < args.Length ? $"--diagram: '{args[i + 1]}' is not a format (mermaid, dot or overview)." : "--diagram needs a format: mermaid, dot or overview.");
        default:
            return Fail($"Unknown argument '{args[i]}'.");
    }
}

if (diagram is not null)
{
    Console.Write(diagram switch
    {
        "dot" => SupervisionDiagram.ToDot(),
        "overview" => SupervisionDiagram.ToOverviewMermaid(),
        _ => SupervisionDiagram.ToMermaid(),
    });
    return 0;
}

if (inMemory && database is not null)
{
    return Fail("Give --database or --in-memory, not both.");
}

var services = new ServiceCollection();
var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0));
services.AddSingleton<IClock>(clock); // registered before AddServiceSupervision, so it replaces the system clock
var events = new ConsoleEventHandler();
services.AddSingleton<ISupervisionEventHandler>(events);
var supervision = services.AddServiceSupervision();
var named = database is not null;
if (inMemory)
{
    supervision.UseInMemoryStore();
    Console.WriteLine("Store: in memory (nothing is kept after this run).");
}
else
{
    database ??= Path.Combine(Path.GetTempPath(), "koogallery-supervision-demo", $"demo-{Guid.NewGuid().ToString("N")[..8]}.db");
    Directory.CreateDirectory(Path.GetDirectoryName(database)!);
    supervision.UseSqlite($"Data Source={database}");
    Console.WriteLine($"Store: SQLite file {database}");
}

await using var provider = services.BuildServiceProvider();
try
{
    await provider.EnsureServiceSupervisionSchemaAsync();
}
catch (SupervisionStoreException e)
{
    // Not a database this sample can use (another file, another application's tables): said, and left as it is.
    Console.Error.WriteLine($"Cannot use {database}: {e.Message}");
    return 3;
}

var supervisor = provider.GetRequiredService<ServiceSupervisor>();

// A named database may hold earlier runs' flows: list them; each run starts 30 days after the previous one.
var manager = Actor.OperationsManager("ops-chen");
var earlier = named ? await Report.ListAsync(supervisor, manager) : 0;
var run = earlier / 2 + 1;
clock.Reset(Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromDays(30 * (run - 1)));
if (run > 1)
{
    Console.WriteLine($"This is run {run} on this file: its orders are numbered {run}01 and {run}02.");
}

var buyer = Actor.Buyer("alice");
var seller = Actor.Seller("bytecraft");
var commandNumber = 0;
string Id() => $"run{run}-cmd-{++commandNumber}";
var first = $"ORD-{run}01";
var second = $"ORD-{run}02";
var sow = new ProofReference("Statement of work", "https://files.example.com/orders/sow.pdf");
var acceptance = new ProofReference("Acceptance document", "https://files.example.com/orders/acceptance.pdf");

// Earlier runs' events still waiting to be handed out go out now, before the new story starts.
if (await supervisor.DispatchPendingEventsAsync() > 0)
{
    Console.WriteLine("Events left over from earlier runs:");
    Story.Events(events);
}

async Task Do(string story, SupervisionCommand command)
{
    var result = await supervisor.ExecuteAsync(command);
    var who = Story.Who(command.Actor);
    Console.WriteLine(result.IsSuccess
        ? $"  {Story.Time(clock.GetCurrentInstant())}  {who,-31} {command.Action,-18} {result.Value.StageBefore} -> {result.Value.StageAfter}   {story}"
        : $"  {Story.Time(clock.GetCurrentInstant())}  {who,-31} {command.Action,-18} REFUSED {result.Error.Code}: {result.Error.Message}   {story}");
    Story.Events(events);
}

void Later(Duration duration, string what)
{
    clock.Advance(duration);
    Console.WriteLine($"  ... {Story.Duration(duration)} later, {what}");
}

async Task Sweep()
{
    var sweep = await supervisor.ApplyDueTimersAsync();
    Console.WriteLine($"  {Story.Time(sweep.AsOf)}  the timer sweep: {sweep.FlowsUpdated} flow(s) updated");
    Story.Events(events);
}

NewServiceFlow Order(string number) => new()
{
    OrderNumber = number,
    BuyerId = buyer.Id,
    SellerId = seller.Id,
    ProductId = "db-migration-service",
    ProductKind = ProductKind.ProfessionalService,
    AmountPaid = 12_000m,
    Currency = "CNY",
    PlacedAt = clock.GetCurrentInstant(),
    RequestTemplate = [new TemplateField("Source database"), new TemplateField("Target database")],
    DeliveryTemplate = [new TemplateField("Data verified")],
};

async Task Create(string number)
{
    (await supervisor.CreateFlowAsync(Order(number))).GetValueOrThrow();
    Console.WriteLine($"  {Story.Time(clock.GetCurrentInstant())}  {buyer.Id} pays for order {number} (a database migration, 12,000 CNY): its flow starts, waiting on the buyer's request");
    Story.Events(events);
}

var fields = new Dictionary<string, string> { ["Source database"] = "MySQL 5.7", ["Target database"] = "GaussDB" };
var criteria = new Dictionary<string, string> { ["Data verified"] = "Row counts and checksums match" };

Console.WriteLine();
Console.WriteLine($"Story 1, order {first}: the request is returned twice, the delivery rejected once, then accepted and completed 3 hours later");
await Create(first);
await Do("the buyer describes the work", new SubmitRequest(Id(), first, buyer, "Migrate our order database.", fields));
Later(Duration.FromHours(5), "the seller asks for more:");
await Do("how big is it?", new ReturnRequest(Id(), first, seller, "Please give the database sizes."));
await Do("the buyer answers", new SubmitRequest(Id(), first, buyer, "Migrate our order database: 120 GB.", fields));
Later(Duration.FromHours(2), "the seller asks again:");
await Do("when may it run?", new ReturnRequest(Id(), first, seller, "Please name a maintenance window."));
await Do("the buyer answers", new SubmitRequest(Id(), first, buyer, "Migrate our order database: 120 GB, Sunday 02:00 to 06:00.", fields));
await Do("the service starts", new AcceptRequest(Id(), first, seller));
Later(Duration.FromDays(2), "the seller reports progress:");
await Do("the buyer is kept informed", new PostProgressUpdate(Id(), first, seller, "Schema converted; rehearsal on Saturday."));
Later(Duration.FromDays(2), "the seller delivers:");
await Do("with the statement of work and acceptance document", new Deliver(Id(), first, seller, sow, acceptance, Criteria: criteria));
await Do("two tables lack indexes", new RejectDelivery(Id(), first, buyer, "Two tables are missing their indexes."));
Later(Duration.FromHours(6), "the seller delivers again:");
await Do("the indexes are rebuilt", new Deliver(Id(), first, seller, sow, acceptance, Criteria: criteria, EnablingInstant: clock.GetCurrentInstant() - Duration.FromHours(1)));
await Do("the buyer is satisfied", new AcceptDelivery(Id(), first, buyer));
Later(Duration.FromHours(3), "the completion delay has passed:");
await Sweep();
await Report.PrintAsync(supervisor, first, buyer);

Console.WriteLine();
Console.WriteLine($"Story 2, order {second}: the seller goes silent, the buyer appeals, an operations manager resumes the flow");
await Create(second);
await Do("the buyer describes the work", new SubmitRequest(Id(), second, buyer, "Migrate our analytics database.", fields));
await Do("the service starts", new AcceptRequest(Id(), second, seller));
Later(Duration.FromDays(2) + Duration.FromHours(4), "no word from the seller; the buyer tries to appeal:");
await Do("too early: the seller has been idle only 2 days", new OpenAppeal(Id(), second, buyer, "The seller does not answer."));
await Do("the buyer sends a reminder instead", new SendReminder(Id(), second, buyer, "Any news on the migration?"));
Later(Duration.FromDays(3), "still no word:");
await Sweep();
await Do("the seller has been idle 5 days: now it may", new OpenAppeal(Id(), second, buyer, "The seller has been silent for more than five days.", [new ProofReference("Chat log", "https://files.example.com/orders/chat.txt")]));
await Do("the flow is frozen while under appeal", new Deliver(Id(), second, seller, sow, acceptance, Criteria: criteria));
Later(Duration.FromDays(1), "the operations manager decides:");
await Do("the seller has a new plan", new DecideAppeal(Id(), second, manager, "The seller confirmed a new plan; resume the service.", AppealOutcome.Resume));
await Do("the service goes on", new PostProgressUpdate(Id(), second, seller, "Restarted the migration with a new plan."));
await Report.PrintAsync(supervisor, second, buyer);

Console.WriteLine();
Console.WriteLine(inMemory
    ? "Done (in memory)."
    : $"Done. Run `dotnet run --project samples/KooGallery.Supervision.Demo -- --database {database}` to play two more stories on this file and see these flows read back.");
return 0;

static int Fail(string problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}
