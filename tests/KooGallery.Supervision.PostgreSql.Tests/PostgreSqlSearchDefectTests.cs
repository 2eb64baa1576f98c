using NodaTime.Testing;

namespace KooGallery.Supervision.PostgreSql.Tests;

/// <summary>
/// Defect 1 of the hostile review, in the store where it was found: odd characters in a search filter
/// reached Npgsql and threw. Every query value now obeys the text rules of ids and is refused as Validation.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlSearchDefectTests(PostgresServer server)
{
    public static TheoryData<string> Filters => ["seller", "buyer", "product", "cursor"];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Defect_SearchFilterWithNulOrLoneSurrogate_IsValidationNotAStoreException(string filter)
    {
        server.SkipWhenUnavailable();
        var store = new PostgreSqlServiceFlowStore(new PostgreSqlStoreOptions { DataSource = server.DataSource, Schema = PostgresServer.NewSchemaName() });
        await store.EnsureSchemaAsync();
        var supervisor = new ServiceSupervisor(store, new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0)));
        var nul = "x\0y";
        var surrogate = "x" + (char)0xDC00;
        var query = filter switch
        {
            "seller" => new FlowQuery { SellerId = nul },
            "buyer" => new FlowQuery { BuyerId = surrogate },
            "product" => new FlowQuery { ProductId = nul },
            _ => new FlowQuery { After = new FlowCursor(Instant.FromUtc(2026, 3, 2, 9, 0), surrogate) },
        };

        var result = await supervisor.SearchAsync(query, Actor.OperationsManager("ops-1"));

        result.IsSuccess.Should().BeFalse();
        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Should().ContainSingle();
    }
}
