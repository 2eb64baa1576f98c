using KooGallery.Supervision;
using KooGallery.Supervision.AspNetCore;
using KooGallery.Supervision.Web;
using KooGallery.Supervision.Web.Development;
using KooGallery.Supervision.Web.Identity;
using KooGallery.Supervision.Web.Orders;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

// A marketplace back office over KooGallery.Supervision: pages for buyers, sellers and operations managers, the hosted
// timer sweep, health checks, OpenTelemetry on the console, and an OpenAPI document with an API reference page.
var builder = WebApplication.CreateBuilder(args);
var settings = SampleSettings.Read(builder.Configuration, builder.Environment);

// DEVELOPMENT ONLY: a clock a person can move forward, so completion (3 hours after acceptance), stalls (5 days) and
// overdue appeals happen while they watch. Registered before AddServiceSupervision, which keeps a clock already
// registered and otherwise uses the system clock (as it does in production, where this block never runs).
if (settings.DevelopmentTools)
{
    builder.Services.AddSingleton(new DevelopmentClock(settings.ClockStart));
    builder.Services.AddSingleton<IClock>(services => services.GetRequiredService<DevelopmentClock>());
}

// Storage: PostgreSQL when a connection string "Supervision" is configured, else a SQLite file in the data folder.
var supervision = builder.Services.AddServiceSupervision();
if (settings.PostgreSqlConnectionString is { } postgres)
{
    supervision.UsePostgreSql(postgres);
}
else
{
    supervision.UseSqlite($"Data Source={settings.SqlitePath}");
}

supervision
    .AddHostedSupervision(options => options.SweepInterval = settings.SweepInterval) // schema at start-up, timer sweep
    .AddHealthChecks()
    .AddEndpoints(); // the JSON API (KooGallery.Supervision.AspNetCore): the caller from the signed-in user's claims

// The marketplace's own order data (product, templates, parties) beside the supervision store: see Orders/.
builder.Services.AddSingleton(new DemoOrderBook(settings.OrderBookPath));

// Identity: a cookie holding ClaimTypes.NameIdentifier (the party id) and ClaimTypes.Role (Buyer, Seller or
// OperationsManager), the claims KooGallery.Supervision.AspNetCore reads. Only the development sign-in page
// (Pages/SignIn) issues it; a real host signs its users in with its own identity provider and the same claims.
// The sign-in cookie's keys are kept with the sample's data: an instance with other data (a Production one on the
// same machine) never takes a cookie the development sign-in issued.
builder.Services.AddDataProtection()
    .SetApplicationName("KooGallery.Supervision.Web:" + settings.DataFolder)
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.DataFolder, "keys")));
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.LoginPath = "/signin";
        options.AccessDeniedPath = "/signin";
        options.Cookie.Name = "koogallery-sample";
        options.Events.OnRedirectToLogin = context =>
        {
            // The API answers 401 with its problem document (code Unauthenticated) instead of redirecting to a page.
            if (context.Request.Path.StartsWithSegments(SampleSettings.ApiPrefix, StringComparison.Ordinal))
            {
                return SupervisionProblemDetails.UnauthenticatedResult().ExecuteAsync(context.HttpContext);
            }

            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/");
    options.Conventions.AllowAnonymousToPage("/SignIn");
});
builder.Services.AddSingleton(settings);

// The OpenAPI document describes bodies with the host's JSON options: with the library's contract, it shows the
// instants, durations and enum names the endpoints read and write.
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.ConfigureForSupervision());
builder.Services.AddOpenApi(options => options.AddSchemaTransformer((schema, context, _) =>
{
    // The library's instants and durations are written by converters, which the document cannot see into.
    if (context.JsonTypeInfo.Type == typeof(NodaTime.Instant))
    {
        schema.Type = Microsoft.OpenApi.JsonSchemaType.String;
        schema.Format = "date-time";
        schema.Description = "An ISO 8601 instant in UTC, to the nanosecond: 2026-03-02T09:00:00.123456789Z.";
    }
    else if (context.JsonTypeInfo.Type == typeof(NodaTime.Duration))
    {
        schema.Type = Microsoft.OpenApi.JsonSchemaType.String;
        schema.Description = "A duration as days:hours:minutes:seconds with optional fraction: 2:04:00:00 is two days and four hours.";
    }

    return Task.CompletedTask;
}));

if (settings.ConsoleTelemetry)
{
    builder.Services.AddOpenTelemetry()
        .ConfigureResource(resource => resource.AddService("koogallery-supervision-web"))
        .WithMetrics(metrics => metrics.AddMeter(SupervisionDiagnostics.MeterName).AddConsoleExporter())
        // Every supervision span, also under a request's activity that no one records (the default sampler follows the parent).
        .WithTracing(tracing => tracing.AddSource(SupervisionDiagnostics.ActivitySourceName).SetSampler(new AlwaysOnSampler()).AddConsoleExporter());
}

var app = builder.Build();
SampleLog.Store(app.Logger, settings.StoreDescription, settings.OrderBookPath);
if (settings.DevelopmentTools)
{
    SampleLog.DevelopmentToolsOn(app.Logger);
}

app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapRazorPages();
app.MapHealthChecks("/health");
app.MapOpenApi();                                                   // /openapi/v1.json
app.MapScalarApiReference(options => options.DisableDefaultFonts()); // /scalar: its script is served from the package

// The JSON API over the same supervisor, from KooGallery.Supervision.AspNetCore, listed in the OpenAPI document.
app.MapServiceSupervision(SampleSettings.ApiPrefix).RequireAuthorization();

app.Run();
