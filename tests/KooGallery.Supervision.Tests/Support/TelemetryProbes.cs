using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace KooGallery.Supervision.Tests.Support;

/// <summary>A logger factory whose loggers write to one <see cref="FakeLogCollector"/>, Debug and above.</summary>
public sealed class LogProbe : IDisposable
{
    public LogProbe()
    {
        Factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(Collector)));
    }

    public FakeLogCollector Collector { get; } = new();

    public ILoggerFactory Factory { get; }

    public IReadOnlyList<FakeLogRecord> Records => Collector.GetSnapshot();

    public IReadOnlyList<FakeLogRecord> WithId(int eventId) => Records.Where(r => r.Id.Id == eventId).ToList();

    public void Dispose() => Factory.Dispose();
}

/// <summary>
/// Listens to the library's activity source and keeps the stopped activities of the traces this probe started, so
/// tests running in parallel never see each other's spans.
/// </summary>
public sealed class SpanProbe : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<ActivityTraceId, byte> _traces = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanProbe()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SupervisionDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (_traces.ContainsKey(activity.TraceId))
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    /// <summary>Starts a root activity (the test's own trace); the library's spans under it are kept.</summary>
    public Activity StartTrace(string name)
    {
        var root = new Activity(name);
        root.SetIdFormat(ActivityIdFormat.W3C);
        root.Start();
        _traces.TryAdd(root.TraceId, 0);
        return root;
    }

    public IReadOnlyList<Activity> Named(string name) => Stopped.Where(a => a.OperationName == name).ToList();

    public void Dispose() => _listener.Dispose();
}

/// <summary>An event handler that throws "SMTP down" while <see cref="Failing"/> is set, and records what it sent.</summary>
public sealed class MailHandler : ISupervisionEventHandler
{
    private readonly ConcurrentQueue<(SupervisionEvent Event, Activity? Span)> _sent = new();

    public bool Failing { get; set; }

    public IReadOnlyCollection<(SupervisionEvent Event, Activity? Span)> Sent => _sent;

    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            throw new InvalidOperationException("SMTP down");
        }

        _sent.Enqueue((supervisionEvent, Activity.Current));
        return ValueTask.CompletedTask;
    }
}

/// <summary>A supervisor over an in-memory store with a fake clock, logging to a <see cref="LogProbe"/>, with a <see cref="MailHandler"/>.</summary>
public sealed class TelemetryHost : IDisposable
{
    private int _commands;

    public TelemetryHost(ServiceSupervisionOptions? options = null, IServiceFlowStore? store = null)
    {
        Store = store ?? new InMemoryServiceFlowStore();
        Supervisor = new ServiceSupervisor(Store, Clock, options, [Mailer], loggerFactory: Logs.Factory);
    }

    public FakeClock Clock { get; } = new(TestHost.Start);

    public IServiceFlowStore Store { get; }

    public LogProbe Logs { get; } = new();

    public MailHandler Mailer { get; } = new();

    public ServiceSupervisor Supervisor { get; }

    public System.Diagnostics.Metrics.Meter Meter => Supervisor.Telemetry.Meter;

    public string NextId() => "cmd-" + Interlocked.Increment(ref _commands);

    public async Task<CommandOutcome> MustAsync(SupervisionCommand command) => (await Supervisor.ExecuteAsync(command)).GetValueOrThrow();

    /// <summary>Creates a professional-service flow and takes it to Accepted: submit, accept, deliver, accept the delivery.</summary>
    public async Task AcceptedAsync(string orderNumber = "ORD-1")
    {
        (await Supervisor.CreateFlowAsync(TestHost.Order(orderNumber))).GetValueOrThrow();
        await MustAsync(new SubmitRequest(NextId(), orderNumber, TestHost.Buyer, "Please migrate our database."));
        await MustAsync(new AcceptRequest(NextId(), orderNumber, TestHost.Seller));
        await MustAsync(new Deliver(NextId(), orderNumber, TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc));
        await MustAsync(new AcceptDelivery(NextId(), orderNumber, TestHost.Buyer));
    }

    public void Dispose()
    {
        Supervisor.Dispose();
        Logs.Dispose();
    }
}
