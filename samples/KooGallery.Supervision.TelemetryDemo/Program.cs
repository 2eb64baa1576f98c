using System;
using System.Linq;
using KooGallery.Supervision;
using KooGallery.Supervision.TelemetryDemo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// One service-supervision story in a generic host, with the OpenTelemetry console exporter: the library's logs,
// spans and metrics as an operator would see them. A fake clock lets the 3 hours before completion pass at once.
var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0));
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Services.AddSingleton<IClock>(clock);
builder.Services.AddServiceSupervision()
    .AddEventHandler<MailNotifier>()
    .AddHostedSupervision(o => o.SweepInterval = TimeSpan.FromHours(1)) // the story sweeps by hand below
    .AddHealthChecks();
builder.Services.AddOpenTelemetry()
    .ConfigureResource(r => r.AddService("koogallery-telemetry-demo"))
    .WithMetrics(m => m.AddMeter(SupervisionDiagnostics.MeterName).AddConsoleExporter())
    .WithTracing(t => t.AddSource(SupervisionDiagnostics.ActivitySourceName).AddConsoleExporter());

using (var host = builder.Build())
{
    await host.StartAsync();
    var supervisor = host.Services.GetRequiredService<ServiceSupervisor>();
    var buyer = Actor.Buyer("buyer-alice");
    var seller = Actor.Seller("seller-bytecraft");

    Console.WriteLine("--- create, submit (the mail server is down), accept, deliver, accept the delivery");
    (await supervisor.CreateFlowAsync(new NewServiceFlow
    {
        OrderNumber = "ORD-1001",
        BuyerId = buyer.Id,
        SellerId = seller.Id,
        ProductId = "db-migration",
        ProductKind = ProductKind.ProfessionalService,
        AmountPaid = 12_000m,
        Currency = "CNY",
        PlacedAt = clock.GetCurrentInstant(),
    })).GetValueOrThrow();
    (await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1001", buyer, "Migrate our order database to PostgreSQL 17."))).GetValueOrThrow();
    (await supervisor.ExecuteAsync(new AcceptRequest("c-2", "ORD-1001", seller))).GetValueOrThrow();
    (await supervisor.ExecuteAsync(new Deliver("c-3", "ORD-1001", seller,
        new ProofReference("Statement of work", "https://files.example/sow.pdf"),
        new ProofReference("Acceptance document", "https://files.example/acceptance.pdf")))).GetValueOrThrow();
    (await supervisor.ExecuteAsync(new AcceptDelivery("c-4", "ORD-1001", buyer))).GetValueOrThrow();

    Console.WriteLine("--- 3 hours later: the sweep completes the flow and delivers the mail that failed");
    clock.Advance(Duration.FromHours(3));
    var sweep = await supervisor.ApplyDueTimersAsync();
    Console.WriteLine($"sweep: {sweep.FlowsUpdated} flow updated, {sweep.EventsDispatched} events delivered");

    var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    var entry = health.Entries.Single();
    Console.WriteLine($"health: {entry.Key} {entry.Value.Status}: {entry.Value.Description}");

    await host.StopAsync();
}

// Disposing the host flushed the metrics above (the console exporter prints them at shutdown).
