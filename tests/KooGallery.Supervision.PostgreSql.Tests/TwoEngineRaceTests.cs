using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace KooGallery.Supervision.PostgreSql.Tests;

/// <summary>
/// R30, R31 on a real database: two engines (two service providers with their own connection pools)
/// and several tasks each hammer the same flows with rejections, redeliveries and retries.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoEngineRaceTests(PostgresServer server, ITestOutputHelper output)
{
    private const int Flows = 4;
    private const int TasksPerEngine = 4;
    private const int CommandsPerTask = 40;
    private static readonly Actor Buyer = Actor.Buyer("buyer");
    private static readonly Actor Seller = Actor.Seller("seller");

    [Fact]
    public async Task R30_R31_TwoEnginesHammeringTheSameFlows_CountEveryAcceptedCommandOnceAndApplyNoVersionTwice()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0));
        await using var first = Provider(schema, clock);
        await using var second = Provider(schema, clock);
        await first.EnsureServiceSupervisionSchemaAsync();
        var engines = new[] { first.GetRequiredService<ServiceSupervisor>(), second.GetRequiredService<ServiceSupervisor>() };
        for (var f = 0; f < Flows; f++)
        {
            (await engines[0].CreateFlowAsync(Order($"H-{f}"))).IsSuccess.Should().BeTrue();
        }

        var accepted = new ConcurrentDictionary<string, CommandOutcome>();
        var refused = new ConcurrentBag<SupervisionError>();
        var sent = 0;
        var workers = Enumerable.Range(0, engines.Length * TasksPerEngine).Select(w => Task.Run(async () =>
        {
            var engine = engines[w % engines.Length];
            var random = new Random(w);
            for (var i = 0; i < CommandsPerTask; i++)
            {
                // Both parties act on whatever they believe the stage is; about a third of the commands repeat an earlier id.
                var reuse = i > 0 && random.Next(3) == 0;
                var id = reuse ? $"w{w}-c{random.Next(i)}" : $"w{w}-c{i}";
                var idNumber = int.Parse(id[(id.LastIndexOf('c') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                // A command's content follows from its id, so a repeated id is a true retry of the same command.
                var command = (idNumber % 3) switch
                {
                    0 => (SupervisionCommand)new RejectDelivery(id, $"H-{idNumber % Flows}", Buyer, $"Rejected by {id}"),
                    1 => new Deliver(id, $"H-{idNumber % Flows}", Seller, new ProofReference("SOW", "https://f.example/s"), new ProofReference("Acceptance", "https://f.example/a")),
                    _ => new PostProgressUpdate(id, $"H-{idNumber % Flows}", Seller, $"Progress {id}"),
                };
                Interlocked.Increment(ref sent);
                var result = await engine.ExecuteAsync(command);
                if (result.IsSuccess)
                {
                    var kept = accepted.GetOrAdd(id, result.Value);
                    kept.RecordSequence.Should().Be(result.Value.RecordSequence, "a retry returns the first outcome");
                }
                else
                {
                    refused.Add(result.Error);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var store = first.GetRequiredService<IServiceFlowStore>();
        var totalRejections = 0;
        for (var f = 0; f < Flows; f++)
        {
            var order = $"H-{f}";
            var flow = (await store.LoadAsync(order, CancellationToken.None))!;
            var records = await store.ReadRecordsAsync(order, CancellationToken.None);
            var acceptedRejections = accepted.Values.Count(o => o.OrderNumber == order && o.Action == SupervisionAction.RejectDelivery);
            var acceptedCommands = accepted.Values.Count(o => o.OrderNumber == order);

            flow.DeliveryRejections.Should().Be(acceptedRejections, "the counter equals the distinct accepted rejection ids");
            records.Count(r => r.Action == SupervisionAction.RejectDelivery).Should().Be(acceptedRejections);
            records.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), "no version is applied twice and none is skipped");
            flow.Version.Should().Be(records.Count);
            records.Count.Should().Be(acceptedCommands + 1, "every accepted command has one record, plus creation");
            accepted.Values.Where(o => o.OrderNumber == order).Select(o => o.FlowVersion).Should().OnlyHaveUniqueItems();
            totalRejections += acceptedRejections;
        }

        // Lost races are retried while the command is still permitted: a Conflict only says that the winning change
        // made it no longer apply (R31), never that the library gave up retrying.
        refused.Where(e => e.Code == SupervisionErrorCode.Conflict).Should().OnlyContain(
            e => e.Reason == SupervisionErrorReason.NoLongerApplies, "lost races are retried while the command is still permitted");
        output.WriteLine($"race: {engines.Length} engines x {TasksPerEngine} tasks, {sent} commands sent, {accepted.Count} distinct command ids accepted, {totalRejections} delivery rejections counted, {refused.Count} refused ({string.Join(", ", refused.GroupBy(e => e.Code).Select(g => $"{g.Key} {g.Count()}"))})");
        accepted.Count.Should().BeGreaterThan(Flows);
    }

    private ServiceProvider Provider(string schema, NodaTime.IClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddServiceSupervision(options => options.MaxCommandAttempts = 100).UsePostgreSql(options =>
        {
            options.ConnectionString = server.ConnectionString;
            options.Schema = schema;
        });
        return services.BuildServiceProvider();
    }

    private static NewServiceFlow Order(string orderNumber) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = Buyer.Id,
        SellerId = Seller.Id,
        ProductId = "product",
        ProductKind = ProductKind.License,
        AmountPaid = 10m,
        Currency = "CNY",
        PlacedAt = Instant.FromUtc(2026, 3, 2, 8, 0),
    };
}
