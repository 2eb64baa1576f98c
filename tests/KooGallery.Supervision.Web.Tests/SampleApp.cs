using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KooGallery.Supervision.Web.Tests;

/// <summary>
/// The web sample in a test: its own temporary data folder (a fresh SQLite file and order book), the development
/// clock starting at a fixed instant (Monday 2 March 2026, 09:00 UTC) that moves only when the clock control moves it,
/// no console telemetry, and a background sweep too slow to run during a test (the clock control sweeps).
/// </summary>
public sealed class SampleApp : WebApplicationFactory<Program>
{
    public static readonly NodaTime.Instant ClockStart = NodaTime.Instant.FromUtc(2026, 3, 2, 9, 0);

    private readonly string _environment;

    public SampleApp(string environment = "Development", bool kestrel = false)
    {
        _environment = environment;
        DataFolder = Path.Combine(Path.GetTempPath(), "koogallery-web-tests-" + Guid.NewGuid().ToString("N"));
        if (kestrel)
        {
            // A real port on the loopback interface, for a real browser.
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
    }

    public string DataFolder { get; }

    /// <summary>Starts the server on Kestrel and returns its address, such as http://127.0.0.1:41234.</summary>
    public Uri StartOnKestrel()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Supervision:DataFolder", DataFolder);
        builder.UseSetting("Supervision:SweepIntervalSeconds", "3600");
        builder.UseSetting("DevelopmentTools:ClockStart", NodaTime.Text.InstantPattern.ExtendedIso.Format(ClockStart));
        builder.UseSetting("Telemetry:Console", "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temporary folder is left behind.
        }
    }
}
