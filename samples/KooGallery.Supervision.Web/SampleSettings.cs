using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace KooGallery.Supervision.Web;

/// <summary>
/// The sample's settings, read once at start-up from configuration (appsettings.json, environment variables such as
/// <c>ConnectionStrings__Supervision</c>, or the command line).
/// </summary>
public sealed class SampleSettings
{
    /// <summary>Where the JSON API is mapped once KooGallery.Supervision.AspNetCore is referenced.</summary>
    public const string ApiPrefix = "/supervision";

    /// <summary>Gets whether the development tools (the sign-in without password, the clock control, demo orders) are on. NOT for production.</summary>
    public bool DevelopmentTools { get; private init; }

    /// <summary>Gets where the development clock starts, or null to start at the system time.</summary>
    public Instant? ClockStart { get; private init; }

    /// <summary>Gets the PostgreSQL connection string, or null to use SQLite.</summary>
    public string? PostgreSqlConnectionString { get; private init; }

    /// <summary>Gets the folder for the SQLite file and the demo order book.</summary>
    public required string DataFolder { get; init; }

    /// <summary>Gets the SQLite file.</summary>
    public string SqlitePath => Path.Combine(DataFolder, "supervision.db");

    /// <summary>Gets the demo order book's file.</summary>
    public string OrderBookPath => Path.Combine(DataFolder, "demo-orders.json");

    /// <summary>Gets how often the hosted sweep applies due timers.</summary>
    public TimeSpan SweepInterval { get; private init; }

    /// <summary>Gets whether traces and metrics go to the console.</summary>
    public bool ConsoleTelemetry { get; private init; }

    /// <summary>Gets a description of the store for the start-up log, without any password.</summary>
    public string StoreDescription => PostgreSqlConnectionString is null
        ? "SQLite file " + SqlitePath
        : "PostgreSQL (connection string \"Supervision\")";

    /// <summary>Reads the settings.</summary>
    public static SampleSettings Read(IConfiguration configuration, IWebHostEnvironment environment)
    {
        var folder = configuration["Supervision:DataFolder"];
        folder = string.IsNullOrWhiteSpace(folder)
            ? Path.Combine(Path.GetTempPath(), "koogallery-supervision-web")
            : Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);

        // Development tools are on in the Development environment, or where a setting asks for them explicitly.
        var tools = configuration["DevelopmentTools:Enabled"] is { Length: > 0 } enabled
            ? bool.Parse(enabled)
            : environment.IsDevelopment();
        Instant? start = null;
        if (configuration["DevelopmentTools:ClockStart"] is { Length: > 0 } clockStart)
        {
            start = InstantPattern.ExtendedIso.Parse(clockStart).GetValueOrThrow();
        }

        var postgres = configuration.GetConnectionString("Supervision");
        var sweep = configuration["Supervision:SweepIntervalSeconds"] is { Length: > 0 } seconds
            ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture))
            : TimeSpan.FromSeconds(15);
        return new SampleSettings
        {
            DataFolder = folder,
            DevelopmentTools = tools,
            ClockStart = start,
            PostgreSqlConnectionString = string.IsNullOrWhiteSpace(postgres) ? null : postgres,
            SweepInterval = sweep,
            ConsoleTelemetry = configuration["Telemetry:Console"] is not { Length: > 0 } console || bool.Parse(console),
        };
    }
}
