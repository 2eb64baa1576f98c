using KooGallery.Supervision;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Supervision") ?? "Data Source=supervision-tests.db";
builder.Services.AddServiceSupervision().UseSqlite(connectionString).AddEndpoints();
builder.Services.AddAuthentication();
builder.Services.AddAuthorization();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.ConfigureForSupervision());
builder.Services.AddOpenApi();

var app = builder.Build();
await app.Services.EnsureServiceSupervisionSchemaAsync();
app.UseAuthentication();
app.UseAuthorization();
app.MapServiceSupervision("/supervision");
app.MapOpenApi();
await app.RunAsync();

/// <summary>The entry point, for WebApplicationFactory.</summary>
public partial class Program
{
}
