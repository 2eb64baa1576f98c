using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using KooGallery.Supervision;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace KooGallery.Supervision.AspNetCore.Tests;

/// <summary>
/// The test host application over a real SQLite file of its own, with a fake clock and a test authentication
/// scheme: a request names its user in the <see cref="UserHeader"/> header ("Buyer:buyer-1"), turned into the role
/// and name-identifier claims the sample's sign-in gives.
/// </summary>
public sealed class SupervisionApiFactory : WebApplicationFactory<Program>
{
    public const string UserHeader = "X-Test-User";
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromNanoseconds(123_456_789);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "supervision-api-" + Guid.NewGuid().ToString("N"));

    public SupervisionApiFactory()
    {
        Directory.CreateDirectory(_folder);
    }

    public FakeClock Clock { get; } = new(Start);

    public string DatabasePath => Path.Combine(_folder, "supervision.db");

    public HttpClient ClientAs(string? user)
    {
        var client = CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(UserHeader, user);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Supervision", $"Data Source={DatabasePath}");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
            services.AddAuthentication(TestAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on some platform: the temporary folder is left behind
        }
    }

    /// <summary>Signs a request in from its <see cref="UserHeader"/>: "Role:id", or several roles "Buyer,Seller:id".</summary>
    private sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var value) || value.ToString().Split(':', 2) is not [var roles, var id])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id) };
            claims.AddRange(roles.Split(',').Select(role => new Claim(ClaimTypes.Role, role)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}

/// <summary>Calls of the API in the words of the tests.</summary>
public static class Api
{
    public const string Buyer = "Buyer:buyer-1";
    public const string Seller = "Seller:seller-1";
    public const string Manager = "OperationsManager:ops-1";
    public const string Stranger = "Buyer:buyer-2";

    public static NewServiceFlow Order(string orderNumber, ProductKind kind = ProductKind.ProfessionalService) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = "buyer-1",
        SellerId = "seller-1",
        ProductId = "product-1",
        ProductKind = kind,
        AmountPaid = 1200m,
        Currency = "CNY",
        PlacedAt = SupervisionApiFactory.Start - Duration.FromMinutes(5),
    };

    public static HttpContent Json<T>(T value) =>
        new StringContent(JsonSerializer.Serialize(value, SupervisionJson.Options), System.Text.Encoding.UTF8, "application/json");

    public static HttpContent RawJson(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");

    public static async Task CreateAsync(this SupervisionApiFactory factory, string orderNumber)
    {
        using var client = factory.ClientAs(Manager);
        var response = await client.PostAsync("/supervision/flows", Json(Order(orderNumber)));
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object? body, string? idempotencyKey = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? new StringContent(JsonSerializer.Serialize(body, body.GetType(), WithReflection), System.Text.Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    public static async Task<System.Text.Json.Nodes.JsonNode> JsonOfAsync(this HttpResponseMessage response) =>
        System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(WithReflection))!;

    /// <summary>The library's contract with reflection for the bodies of the AspNetCore package.</summary>
    public static JsonSerializerOptions WithReflection { get; } = CreateWithReflection();

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString();

    private static JsonSerializerOptions CreateWithReflection()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForSupervision();
        options.TypeInfoResolverChain.Add(new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver());
        return options;
    }
}
