namespace KooGallery.Supervision;

/// <summary>
/// The names under which the library reports: the <see cref="System.Diagnostics.Metrics.Meter"/> of its
/// metrics, the <see cref="System.Diagnostics.ActivitySource"/> of its traces and the categories of its logs.
/// Pass them to your telemetry pipeline, for example
/// <c>AddOpenTelemetry().WithMetrics(m =&gt; m.AddMeter(SupervisionDiagnostics.MeterName))</c>.
/// </summary>
/// <remarks>
/// The library references only the abstractions (<c>Microsoft.Extensions.Logging.Abstractions</c> and the base
/// library's metrics and activities), never an OpenTelemetry SDK: nothing is collected until the host listens.
/// </remarks>
public static class SupervisionDiagnostics
{
    /// <summary>The name of the meter every instrument of the library is created on.</summary>
    public const string MeterName = "KooGallery.Supervision";

    /// <summary>The name of the activity source every span of the library is started from.</summary>
    public const string ActivitySourceName = "KooGallery.Supervision";

    /// <summary>The log category of the engine: commands, timers, the outbox and the schema step.</summary>
    public const string LogCategory = "KooGallery.Supervision";

    /// <summary>The log category of the hosted start-up and background sweep (the hosting package).</summary>
    public const string HostingLogCategory = "KooGallery.Supervision.Hosting";
}
