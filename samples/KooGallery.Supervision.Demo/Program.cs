using System;
using System.Globalization;
using System.Threading.Tasks;
using KooGallery.Supervision;
using KooGallery.Supervision.Demo;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

if (args.Length == 2 && args[0] == "--diagram")
{
    // Prints the diagram of the real machine: `--diagram mermaid` or `--diagram dot`.
    Console.Write(args[1] == "dot" ? SupervisionDiagram.ToDot() : SupervisionDiagram.ToMermaid());
    return;
}

// Two complete service-supervision stories, played with a fake clock so that days pass in an instant.
var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0));
var services = new ServiceCollection();
services.AddSingleton<IClock>(clock); // registered before AddServiceSupervision, so it replaces the system clock
services.AddServiceSupervision().UseInMemoryStore().AddEventHandler<ConsoleEventHandler>();
await using var provider = services.BuildServiceProvider();
var supervisor = provider.GetRequiredService<ServiceSupervisor>();

var buyer = Actor.Buyer("buyer-alice");
var seller = Actor.Seller("seller-bytecraft");
var manager = Actor.OperationsManager("ops-chen");
var commandNumber = 0;
string Id() => "cmd-" + (++commandNumber).ToString(CultureInfo.InvariantCulture);
var sow = new ProofReference("Statement of work", "https://files.example.com/ord-1001/sow.pdf");
var acceptance = new ProofReference("Acceptance document", "https://files.example.com/ord-1001/acceptance.pdf");

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
(await supervisor.CreateFlowAsync(Order("ORD-1001"))).GetValueOrThrow();
await Do(new SubmitRequest(Id(), "ORD-1001", buyer, "Migrate our order database.", fields));
clock.Advance(Duration.FromHours(5));
await Do(new ReturnRequest(Id(), "ORD-1001", seller, "Please give the database sizes."));
await Do(new SubmitRequest(Id(), "ORD-1001", buyer, "Migrate our order database: 120 GB.", fields));
clock.Advance(Duration.FromHours(2));
await Do(new ReturnRequest(Id(), "ORD-1001", seller, "Please name a maintenance window."));
await Do(new SubmitRequest(Id(), "ORD-1001", buyer, "Migrate our order database: 120 GB, Sunday 02:00 to 06:00.", fields));
await Do(new AcceptRequest(Id(), "ORD-1001", seller));
clock.Advance(Duration.FromDays(2));
await Do(new PostProgressUpdate(Id(), "ORD-1001", seller, "Schema converted; rehearsal on Saturday."));
clock.Advance(Duration.FromDays(2));
await Do(new Deliver(Id(), "ORD-1001", seller, sow, acceptance, Criteria: criteria));
await Do(new RejectDelivery(Id(), "ORD-1001", buyer, "Two tables are missing their indexes."));
clock.Advance(Duration.FromHours(6));
await Do(new Deliver(Id(), "ORD-1001", seller, sow, acceptance, Criteria: criteria, EnablingInstant: clock.GetCurrentInstant() - Duration.FromHours(1)));
await Do(new AcceptDelivery(Id(), "ORD-1001", buyer));
clock.Advance(Duration.FromHours(3));
var sweep = await supervisor.ApplyDueTimersAsync();
Console.WriteLine($"  timer sweep at {sweep.AsOf:uuuu-MM-dd HH:mm}: {sweep.FlowsUpdated} flow(s) updated");
await Report.PrintAsync(supervisor, "ORD-1001", buyer);

Console.WriteLine();
Console.WriteLine("Story 2: the seller goes silent, the buyer appeals, an operations manager resumes the flow");
(await supervisor.CreateFlowAsync(Order("ORD-1002"))).GetValueOrThrow();
await Do(new SubmitRequest(Id(), "ORD-1002", buyer, "Migrate our analytics database.", fields));
await Do(new AcceptRequest(Id(), "ORD-1002", seller));
clock.Advance(Duration.FromDays(2) + Duration.FromHours(4));
await Do(new OpenAppeal(Id(), "ORD-1002", buyer, "The seller does not answer."));
await Do(new SendReminder(Id(), "ORD-1002", buyer, "Any news on the migration?"));
clock.Advance(Duration.FromDays(3));
await supervisor.ApplyDueTimersAsync();
await Do(new OpenAppeal(Id(), "ORD-1002", buyer, "The seller has been silent for more than five days.", [new ProofReference("Chat log", "https://files.example.com/ord-1002/chat.txt")]));
await Do(new Deliver(Id(), "ORD-1002", seller, sow, acceptance, Criteria: criteria));
clock.Advance(Duration.FromDays(1));
await Do(new DecideAppeal(Id(), "ORD-1002", manager, "The seller confirmed a new plan; resume the service.", AppealOutcome.Resume));
await Do(new PostProgressUpdate(Id(), "ORD-1002", seller, "Restarted the migration with a new plan."));
await Report.PrintAsync(supervisor, "ORD-1002", buyer);
