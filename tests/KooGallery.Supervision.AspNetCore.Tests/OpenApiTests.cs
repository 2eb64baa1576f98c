using System.Net;
using System.Text.Json.Nodes;

namespace KooGallery.Supervision.AspNetCore.Tests;

/// <summary>The OpenAPI document of an application that maps the endpoints (Microsoft.AspNetCore.OpenApi) lists them well.</summary>
public sealed class OpenApiTests : IDisposable
{
    private readonly SupervisionApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task OpenApiDocument_ListsEveryEndpointWithItsNameBodyAndStatuses()
    {
        using var client = _factory.ClientAs(null);

        var response = await client.GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsObject();
        var operations = paths.SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value!))).ToList();
        operations.Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").Should().BeEquivalentTo(
            "POST /supervision/flows", "GET /supervision/flows", "GET /supervision/flows/{orderNumber}",
            "GET /supervision/flows/{orderNumber}/actions", "GET /supervision/flows/{orderNumber}/records",
            "POST /supervision/flows/{orderNumber}/request", "POST /supervision/flows/{orderNumber}/request/accept",
            "POST /supervision/flows/{orderNumber}/request/return", "POST /supervision/flows/{orderNumber}/progress",
            "POST /supervision/flows/{orderNumber}/delivery", "POST /supervision/flows/{orderNumber}/delivery/accept",
            "POST /supervision/flows/{orderNumber}/delivery/reject", "POST /supervision/flows/{orderNumber}/reminders",
            "POST /supervision/flows/{orderNumber}/appeal", "POST /supervision/flows/{orderNumber}/appeal/decision");
        operations.Should().OnlyContain(o => o.Operation["operationId"]!.GetValue<string>().StartsWith("Supervision", StringComparison.Ordinal));
        var submit = paths["/supervision/flows/{orderNumber}/request"]!["post"]!;
        submit["requestBody"]!["content"]!["application/json"].Should().NotBeNull();
        submit["responses"]!.AsObject().Select(r => r.Key).Should().Contain(["200", "400", "401", "403", "404", "409", "412"]);
        foreach (var read in new[] { "/supervision/flows/{orderNumber}", "/supervision/flows/{orderNumber}/actions", "/supervision/flows/{orderNumber}/records" })
        {
            // An order number no flow can have (blank, too long) is a Validation problem.
            paths[read]!["get"]!["responses"]!.AsObject().Select(r => r.Key).Should().BeEquivalentTo(["200", "400", "401", "403", "404"], read);
        }

        var schemas = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["components"]!["schemas"]!;
        // The host's JSON options carry the library's contract, as the README shows: enums are described by name.
        schemas["Stage"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Contain(["AwaitingRequest", "InService", "Closed"]);
        schemas["AppealOutcome"]!["enum"]!.AsArray().Where(v => v is not null).Select(v => v!.GetValue<string>()).Should().Equal("Resume", "ReturnTo", "Complete", "Close");

        var search = paths["/supervision/flows"]!["get"]!;
        search["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Should().Contain(["stage", "waitingOnMe", "after", "pageSize"]);
    }
}
