using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime.Testing;

namespace KooGallery.Supervision.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgresServer server)
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);

    [SkippableFact]
    public async Task EnsureSchemaAsync_CalledTwiceAndFromTwoNodesAtOnce_IsIdempotent()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await using var other = server.NewDataSource();
        var first = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        var second = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = other, Schema = schema });

        var versions = await Task.WhenAll(first.EnsureSchemaAsync().AsTask(), second.EnsureSchemaAsync().AsTask());
        var again = await first.EnsureSchemaAsync();

        versions.Should().Equal(1, 1);
        again.Should().Be(1);
        (await ScalarAsync($"SELECT version FROM \"{schema}\".supervision_schema")).Should().Be(1);
    }

    [SkippableFact]
    public async Task Operations_BeforeTheSchemaStep_FailWithSchemaMissing()
    {
        server.SkipWhenUnavailable();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = PostgresServer.NewSchemaName() });

        var act = async () => await store.LoadAsync("ORD-1", CancellationToken.None);

        (await act.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("SchemaMissing");
    }

    [SkippableFact]
    public async Task EnsureSchemaAsync_SchemaNewerThanTheLibrary_IsRefusedAndNotOverwritten()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema }).EnsureSchemaAsync();
        await ExecuteAsync($"UPDATE \"{schema}\".supervision_schema SET version = 42");
        var fresh = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });

        var act = async () => await fresh.EnsureSchemaAsync();

        var error = (await act.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("SchemaTooNew");
        error.Message.Should().Contain("42");
        (await ScalarAsync($"SELECT version FROM \"{schema}\".supervision_schema")).Should().Be(42);
    }

    [SkippableFact]
    public async Task EnsureSchemaAsync_TablesOfAnotherApplicationWithOurNames_AreRefusedAndLeftUnchanged()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await ExecuteAsync($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".supervision_flows (id INT); INSERT INTO \"{schema}\".supervision_flows VALUES (7);");
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });

        var act = async () => await store.EnsureSchemaAsync();

        (await act.Should().ThrowAsync<SupervisionStoreException>()).Which.Reason.Should().Be("ForeignDatabase");
        (await ScalarAsync($"SELECT COUNT(*)::int FROM information_schema.tables WHERE table_schema = '{schema}'")).Should().Be(1);
    }

    [Fact]
    public async Task Connect_ToAPortWhereNoServerListens_SaysHostAndPortButNeverThePassword()
    {
        var port = FreePort();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=shop;Password=s3cret-pw;Database=market;Timeout=3",
        });

        var act = async () => await store.EnsureSchemaAsync();

        var error = (await act.Should().ThrowAsync<SupervisionStoreException>()).Which;
        error.Reason.Should().Be("ConnectionFailed");
        error.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("market").And.NotContain("s3cret-pw");
        store.Target.Should().NotContain("s3cret-pw");
    }

    [SkippableFact]
    public async Task Records_CannotBeUpdatedOrDeleted_EvenBySql()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        await store.EnsureSchemaAsync();
        await new ServiceSupervisor(store, new FakeClock(Start)).CreateFlowAsync(Order("A-1"));

        var update = async () => await ExecuteAsync($"UPDATE \"{schema}\".supervision_records SET body = '{{}}'");
        var delete = async () => await ExecuteAsync($"DELETE FROM \"{schema}\".supervision_records");

        await update.Should().ThrowAsync<PostgresException>().WithMessage("*append-only*");
        await delete.Should().ThrowAsync<PostgresException>().WithMessage("*append-only*");
        (await store.ReadRecordsAsync("A-1", CancellationToken.None)).Should().ContainSingle();
    }

    [SkippableFact]
    public async Task FindDue_TwoNodesAtOnce_ClaimDisjointFlows()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        await using var other = server.NewDataSource();
        var first = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = schema });
        var second = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = other, Schema = schema });
        await first.EnsureSchemaAsync();
        var clock = new FakeClock(Start);
        var supervisor = new ServiceSupervisor(first, clock);
        for (var i = 0; i < 40; i++)
        {
            await supervisor.CreateFlowAsync(Order($"F-{i:00}", ProductKind.License));
        }

        var now = Start + Duration.FromDays(6);
        var claims = await Task.WhenAll(first.FindDueAsync(now, 25, CancellationToken.None).AsTask(), second.FindDueAsync(now, 25, CancellationToken.None).AsTask());
        var third = await first.FindDueAsync(now, 25, CancellationToken.None);
        var afterClaim = await first.FindDueAsync(now + Duration.FromMinutes(2), 100, CancellationToken.None);

        claims[0].Intersect(claims[1]).Should().BeEmpty("a flow claimed by one node is skipped by the other");
        claims[0].Concat(claims[1]).Concat(third).Should().OnlyHaveUniqueItems().And.HaveCount(40);
        afterClaim.Should().HaveCount(40, "claims end after their lease");
    }

    [SkippableFact]
    public async Task Sweeps_OnTwoNodesAtOnce_ApplyEveryTimerOnce()
    {
        server.SkipWhenUnavailable();
        var schema = PostgresServer.NewSchemaName();
        var clock = new FakeClock(Start);
        var handlers = new[] { new CountingHandler(), new CountingHandler() };
        await using var first = Provider(schema, clock, handlers[0]);
        await using var second = Provider(schema, clock, handlers[1]);
        await first.EnsureServiceSupervisionSchemaAsync();
        var supervisor = first.GetRequiredService<ServiceSupervisor>();
        for (var i = 0; i < 30; i++)
        {
            var order = $"W-{i:00}";
            await supervisor.CreateFlowAsync(Order(order, ProductKind.License));
            (await supervisor.ExecuteAsync(new Deliver(order + "-d", order, Actor.Seller("seller"), new ProofReference("SOW", "https://f.example/s"), new ProofReference("Acc", "https://f.example/a")))).IsSuccess.Should().BeTrue();
            (await supervisor.ExecuteAsync(new AcceptDelivery(order + "-a", order, Actor.Buyer("buyer")))).IsSuccess.Should().BeTrue();
        }

        clock.Advance(Duration.FromHours(3));
        handlers[0].Clear();
        handlers[1].Clear();

        var sweeps = await Task.WhenAll(
            first.GetRequiredService<ServiceSupervisor>().ApplyDueTimersAsync().AsTask(),
            second.GetRequiredService<ServiceSupervisor>().ApplyDueTimersAsync().AsTask());

        sweeps.Sum(s => s.FlowsUpdated).Should().Be(30);
        // Delivery is at least once: both nodes may hand out one event, but each flow raised exactly one.
        var completed = handlers.SelectMany(h => h.Events).Where(e => e.Kind == SupervisionEventKind.Completed).DistinctBy(e => e.Id).ToList();
        completed.Select(e => e.OrderNumber).Should().OnlyHaveUniqueItems().And.HaveCount(30);
        (await ScalarAsync($"SELECT COUNT(*)::int FROM \"{schema}\".supervision_records WHERE action = 'CompleteOnSchedule'")).Should().Be(30);
    }

    private ServiceProvider Provider(string schema, NodaTime.IClock clock, CountingHandler handler)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<ISupervisionEventHandler>(handler);
        services.AddServiceSupervision().UsePostgreSql(options =>
        {
            options.ConnectionString = server.ConnectionString;
            options.Schema = schema;
        });
        return services.BuildServiceProvider();
    }

    private static NewServiceFlow Order(string orderNumber, ProductKind kind = ProductKind.ProfessionalService) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = "buyer",
        SellerId = "seller",
        ProductId = "product",
        ProductKind = kind,
        AmountPaid = 10m,
        Currency = "CNY",
        PlacedAt = Start - Duration.FromHours(1),
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = server.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = server.DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private sealed class CountingHandler : ISupervisionEventHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<SupervisionEvent> _events = new();

        public IReadOnlyCollection<SupervisionEvent> Events => _events;

        public void Clear() => _events.Clear();

        public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
        {
            _events.Enqueue(supervisionEvent);
            return ValueTask.CompletedTask;
        }
    }
}
