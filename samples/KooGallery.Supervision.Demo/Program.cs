using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KooGallery.Supervision;
using KooGallery.Supervision.Demo;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

if (args.Length == 2 && args[0] == "--diagram")
{
    // Prints a diagram of the real machine: `--diagram mermaid`, `--diagram overview` (Mermaid) or `--diagram dot`.
    Console.Write(args[1] switch
    {
        "dot" => SupervisionDiagram.ToDot(),
        "overview" => SupervisionDiagram.ToOverviewMermaid(),
        _ => SupervisionDiagram.ToMermaid(),
    });
    return;
}

// Two complete service-supervision stories, played with a fake clock so that days pass in an instant.
// The flows are kept in a SQLite file (its path is printed) unless --in-memory is given, so a second
// run finds the first run's flows still there.
var inMemory = args.Contains("--in-memory");
var databaseAt = Array.IndexOf(args, "--database");
var database = databaseAt >= 0 && databaseAt + 1 < args.Length
    ? Path.GetFullPath(args[databaseAt + 1])
    : Path.Combine(Path.GetTempPath(), "koogallery-supervision-demo", "demo.db");

var services = new ServiceCollection();
var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0));
services.AddSingleton<IClock>(clock); // registered before AddServiceSupervision, so it replaces the system clock
var supervision = services.AddServiceSupervision().AddEventHandler<ConsoleEventHandler>();
if (inMemory)
{
    supervision.UseInMemoryStore();
    Console.WriteLine("Store: in memory (nothing is kept after this run)");
}
else
{
    Directory.CreateDirectory(Path.GetDirectoryName(database)!);
    supervision.UseSqlite($"Data Source={database}");
    Console.WriteLine($"Store: SQLite file {database}");
}

await using var provider = services.BuildServiceProvider();
await provider.EnsureServiceSupervisionSchemaAsync();
var supervisor = provider.GetRequiredService<ServiceSupervisor>();

// Earlier runs' flows, read back from the store; each run starts 30 days after the previous one.
var manager0 = Actor.OperationsManager("ops-chen");
var earlier = await Report.ListAsync(supervisor, manager0);
var run = earlier / 2 + 1;
clock.Reset(Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromDays(30 * (run - 1)));
Console.WriteLine($"Run {run}");
Console.WriteLine();

var buyer = Actor.Buyer("buyer-alice");
var seller = Actor.Seller("seller-bytecraft");
var manager = manager0;
var commandNumber = 0;
string Id() => $"run{run}-cmd-{++commandNumber}";
var first = $"ORD-{run}01";
var second = $"ORD-{run}02";
var sow = new ProofReference("Statement of work", "https://files.example.com/orders/sow.pdf");
var acceptance = new ProofReference("Acceptance document", "https://files.example.com/orders/acceptance.pdf");

async Task Do(SupervisionCommand command)
{
    var result = await supervisor.ExecuteAsync(command);
    Console.WriteLine(result.IsSuccess
        ? $"  {clock.GetCurrentInstant():uuuu-MM-dd HH:mm}  {command.Actor,-30} {command.Action,-18} -> {result.Value.StageAfter}"
        : $"  {clock.GetCurrentInstant():uuuu-MM-dd HH:mm}  {command.Actor,-30} {command.Action,-18} REFUSED {result.Error.Code}: {result.Error.Message}");
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

var fields = new System.Collections.Generic.Dictionary<string, string> { ["Source database"] = "MySQL 5.7", ["Target database"] = "GaussDB" };
var criteria = new System.Collections.Generic.Dictionary<string, string> { ["Data verified"] = "Row counts and checksums match" };

Console.WriteLine("Story 1: returned twice, rejected once, accepted, completed 3 hours later");
(await supervisor.CreateFlowAsync(Order(first))).GetValueOrThrow();
await Do(new SubmitRequest(Id(), first, buyer, "Migrate our order database.", fields));
clock.Advance(Duration.FromHours(5));
await Do(new ReturnRequest(Id(), first, seller, "Please give the database sizes."));
await Do(new SubmitRequest(Id(), first, buyer, "Migrate our order database: 120 GB.", fields));
clock.Advance(Duration.FromHours(2));
await Do(new ReturnRequest(Id(), first, seller, "Please name a maintenance window."));
await Do(new SubmitRequest(Id(), first, buyer, "Migrate our order database: 120 GB, Sunday 02:00 to 06:00.", fields));
await Do(new AcceptRequest(Id(), first, seller));
clock.Advance(Duration.FromDays(2));
await Do(new PostProgressUpdate(Id(), first, seller, "Schema converted; rehearsal on Saturday."));
clock.Advance(Duration.FromDays(2));
await Do(new Deliver(Id(), first, seller, sow, acceptance, Criteria: criteria));
await Do(new RejectDelivery(Id(), first, buyer, "Two tables are missing their indexes."));
clock.Advance(Duration.FromHours(6));
await Do(new Deliver(Id(), first, seller, sow, acceptance, Criteria: criteria, EnablingInstant: clock.GetCurrentInstant() - Duration.FromHours(1)));
await Do(new AcceptDelivery(Id(), first, buyer));
clock.Advance(Duration.FromHours(3));
var sweep = await supervisor.ApplyDueTimersAsync();
Console.WriteLine($"  timer sweep at {sweep.AsOf:uuuu-MM-dd HH:mm}: {sweep.FlowsUpdated} flow(s) updated");
await Report.PrintAsync(supervisor, first, buyer);

Console.WriteLine();
Console.WriteLine("Story 2: the seller goes silent, the buyer appeals, an operations manager resumes the flow");
(await supervisor.CreateFlowAsync(Order(second))).GetValueOrThrow();
await Do(new SubmitRequest(Id(), second, buyer, "Migrate our analytics database.", fields));
await Do(new AcceptRequest(Id(), second, seller));
clock.Advance(Duration.FromDays(2) + Duration.FromHours(4));
await Do(new OpenAppeal(Id(), second, buyer, "The seller does not answer."));
await Do(new SendReminder(Id(), second, buyer, "Any news on the migration?"));
clock.Advance(Duration.FromDays(3));
await supervisor.ApplyDueTimersAsync();
await Do(new OpenAppeal(Id(), second, buyer, "The seller has been silent for more than five days.", [new ProofReference("Chat log", "https://files.example.com/orders/chat.txt")]));
await Do(new Deliver(Id(), second, seller, sow, acceptance, Criteria: criteria));
clock.Advance(Duration.FromDays(1));
await Do(new DecideAppeal(Id(), second, manager, "The seller confirmed a new plan; resume the service.", AppealOutcome.Resume));
await Do(new PostProgressUpdate(Id(), second, seller, "Restarted the migration with a new plan."));
await Report.PrintAsync(supervisor, second, buyer);

Console.WriteLine();
Console.WriteLine(inMemory ? "Done (in memory)." : $"Done. Run the demo again to see these flows read back from {database}.");
