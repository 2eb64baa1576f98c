using System.Globalization;
using NodaTime.Testing;

namespace KooGallery.Supervision.Testing;

/// <summary>
/// A <see cref="ServiceSupervisor"/> set up for a test: a store (in memory unless one is given), a
/// <see cref="FakeClock"/> that moves only when the test moves it, the parties of a flow and a stranger in
/// each role, a recorder of every event raised, command ids, and a <see cref="FlowBuilder"/> that drives a
/// flow to any stage through the public commands.
/// </summary>
/// <remarks>
/// <para>The host uses only the library's public API, as an application would; it depends on no test
/// framework, so it works with any. Pair it with KooGallery.Supervision.FluentAssertions for assertions.</para>
/// <para>Create one host per test. The event recorder is thread-safe; the rest of the host is meant to be
/// used by one test at a time, like the clock it owns.</para>
/// </remarks>
public sealed class SupervisionTestHost
{
    private readonly EventRecorder _recorder = new();
    private int _commandCounter;

    /// <summary>Initializes a host.</summary>
    /// <param name="policy">
    /// The one policy in force (the built-in default is then left out, so an order placed before its
    /// <see cref="SupervisionPolicy.EffectiveFrom"/> is refused as it would be in a host with only this policy); null for
    /// the options' policies (or <see cref="SupervisionPolicy.Default"/> when they have none). When given with
    /// <paramref name="options"/>, it is added to the options' policies, which keep their own default setting.
    /// </param>
    /// <param name="options">The supervisor's options; null for new default options.</param>
    /// <param name="store">The store; null for a new <see cref="InMemoryServiceFlowStore"/>.</param>
    /// <param name="start">Where the clock starts; null for <see cref="DefaultStart"/>.</param>
    /// <param name="handlers">More event handlers, called after the host's own recorder; null for none.</param>
    /// <exception cref="ArgumentException">An option or the policy is out of range.</exception>
    public SupervisionTestHost(
        SupervisionPolicy? policy = null,
        ServiceSupervisionOptions? options = null,
        IServiceFlowStore? store = null,
        Instant? start = null,
        IEnumerable<ISupervisionEventHandler>? handlers = null)
    {
        Options = options ?? new ServiceSupervisionOptions { IncludeDefaultPolicy = policy is null };
        if (policy is not null && !Options.Policies.Contains(policy))
        {
            Options.Policies.Add(policy);
        }

        Clock = new FakeClock(start ?? DefaultStart);
        Store = store ?? new InMemoryServiceFlowStore();
        var allHandlers = new List<ISupervisionEventHandler> { _recorder };
        if (handlers is not null)
        {
            allHandlers.AddRange(handlers);
        }

        Supervisor = new ServiceSupervisor(Store, Clock, Options, allHandlers);
    }

    /// <summary>Gets the instant a host's clock starts at unless told otherwise: Monday 2 March 2026, 09:00 UTC.</summary>
    public static Instant DefaultStart { get; } = Instant.FromUtc(2026, 3, 2, 9, 0);

    /// <summary>Gets the supervisor under test.</summary>
    public ServiceSupervisor Supervisor { get; }

    /// <summary>Gets the store the supervisor keeps its flows in.</summary>
    public IServiceFlowStore Store { get; }

    /// <summary>Gets the options the supervisor was built with.</summary>
    public ServiceSupervisionOptions Options { get; }

    /// <summary>
    /// Gets the clock every instant of the supervisor comes from. It moves only through <see cref="Advance"/>,
    /// <see cref="AdvanceTo"/>, or the clock's own methods (for example <c>Reset</c> to move it back, R32).
    /// </summary>
    public FakeClock Clock { get; }

    /// <summary>Gets the clock's current instant.</summary>
    public Instant Now => Clock.GetCurrentInstant();

    /// <summary>Gets the buyer of the flows this host's <see cref="FlowBuilder"/> creates ("buyer-1").</summary>
    public Actor Buyer { get; } = Actor.Buyer("buyer-1");

    /// <summary>Gets the seller of the flows this host's <see cref="FlowBuilder"/> creates ("seller-1").</summary>
    public Actor Seller { get; } = Actor.Seller("seller-1");

    /// <summary>Gets an operations manager ("ops-1"): may read any flow and decide its appeal (actors and access, R1).</summary>
    public Actor OperationsManager { get; } = Actor.OperationsManager("ops-1");

    /// <summary>Gets a buyer who is not the buyer of the builder's flows ("buyer-2"): refused with Forbidden (actors and access, R1).</summary>
    public Actor StrangerBuyer { get; } = Actor.Buyer("buyer-2");

    /// <summary>Gets a seller who is not the seller of the builder's flows ("seller-2"): refused with Forbidden (actors and access, R1).</summary>
    public Actor StrangerSeller { get; } = Actor.Seller("seller-2");

    /// <summary>
    /// Gets a second operations manager ("ops-2"), who had no part in any flow. Operations managers are not parties
    /// of a flow: this one may read any flow and decide any appeal as <see cref="OperationsManager"/> may (actors and access, R1).
    /// </summary>
    public Actor StrangerOperationsManager { get; } = Actor.OperationsManager("ops-2");

    /// <summary>
    /// Gets every event the supervisor handed to its handlers so far, once per event id, in the order they were
    /// handed out. Commands and reads hand their events out before they return unless
    /// <see cref="ServiceSupervisionOptions.DispatchEventsInline"/> is false; <see cref="SweepAsync"/> hands out
    /// the rest.
    /// </summary>
    public IReadOnlyList<SupervisionEvent> Events => _recorder.Snapshot();

    /// <summary>Gets the events of one flow, in the order they were handed out.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <returns>The events.</returns>
    public IReadOnlyList<SupervisionEvent> EventsOf(string orderNumber) =>
        _recorder.Snapshot().Where(e => string.Equals(e.OrderNumber, orderNumber, StringComparison.Ordinal)).ToArray();

    /// <summary>Returns a command id not returned before by this host: "cmd-1", "cmd-2" and so on.</summary>
    /// <returns>The command id.</returns>
    public string NextCommandId() => "cmd-" + Interlocked.Increment(ref _commandCounter).ToString(CultureInfo.InvariantCulture);

    /// <summary>Moves the clock forward. Nothing happens to the flows until a read, a command or <see cref="SweepAsync"/>.</summary>
    /// <param name="duration">How far; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative; use <c>Clock.Reset</c> to move back.</exception>
    public void Advance(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The host's clock only moves forward here; use Clock.Reset to move it back.");
        }

        Clock.Advance(duration);
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/>.</summary>
    /// <param name="instant">Where to; not before <see cref="Now"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instant"/> lies before <see cref="Now"/>; use <c>Clock.Reset</c> to move back.</exception>
    public void AdvanceTo(Instant instant)
    {
        if (instant < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, string.Create(CultureInfo.InvariantCulture,
                $"The host's clock is at {Now} and only moves forward here; use Clock.Reset to move it back."));
        }

        Clock.Reset(instant);
    }

    /// <summary>
    /// Applies every timer due at <see cref="Now"/> across all flows and hands out pending events, as the hosted
    /// sweep would (<see cref="ServiceSupervisor.ApplyDueTimersAsync"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>What the sweep did.</returns>
    public async Task<TimerSweepResult> SweepAsync(CancellationToken cancellationToken = default) =>
        await Supervisor.ApplyDueTimersAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Starts describing a flow for <paramref name="orderNumber"/>, between <see cref="Buyer"/> and <see cref="Seller"/>.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <returns>The builder.</returns>
    public FlowBuilder NewFlow(string orderNumber) => new(this, orderNumber);

    /// <summary>
    /// Executes a command and reads the flow as it stands afterwards, so that a failure can name the order, the
    /// stage and whom the flow waits on. A refused command is returned, not thrown.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The attempt.</returns>
    public async Task<CommandAttempt> ExecuteAsync(SupervisionCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await Supervisor.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        var read = await Supervisor.GetViewAsync(command.OrderNumber, OperationsManager, cancellationToken).ConfigureAwait(false);
        var flow = read.IsSuccess ? await Store.LoadAsync(command.OrderNumber, cancellationToken).ConfigureAwait(false) : null;
        return new CommandAttempt(command, result, flow);
    }

    /// <summary>Reads what <paramref name="viewer"/> sees of a flow now (<see cref="ServiceSupervisor.GetViewAsync"/>).</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="viewer">Who looks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The view.</returns>
    /// <exception cref="InvalidOperationException">The read was refused; the message is the library's.</exception>
    public async Task<FlowView> ViewAsync(string orderNumber, Actor viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var read = await Supervisor.GetViewAsync(orderNumber, viewer, cancellationToken).ConfigureAwait(false);
        return read.ValueOrThrow($"Reading order {orderNumber} as {viewer}");
    }

    /// <summary>Reads the operation records of a flow in sequence (operation records, R26), as an operations manager sees them.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records.</returns>
    /// <exception cref="InvalidOperationException">The read was refused (for example there is no such flow).</exception>
    public async Task<IReadOnlyList<OperationRecord>> RecordsAsync(string orderNumber, CancellationToken cancellationToken = default) =>
        (await ViewAsync(orderNumber, OperationsManager, cancellationToken).ConfigureAwait(false)).Records;

    /// <summary>Reads a flow, with every due timer applied, as an operations manager sees it.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The flow.</returns>
    /// <exception cref="InvalidOperationException">The read was refused (for example there is no such flow).</exception>
    public async Task<ServiceFlow> FlowAsync(string orderNumber, CancellationToken cancellationToken = default)
    {
        // The read catches the flow up and saves it, so the store then holds the state an operations manager sees.
        await ViewAsync(orderNumber, OperationsManager, cancellationToken).ConfigureAwait(false);
        return await Store.LoadAsync(orderNumber, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Order {orderNumber} is missing from the store after a read.");
    }

    /// <summary>Gets the host's actor for a party of the builder's flows.</summary>
    internal Actor ActorFor(Party party) => party switch
    {
        Party.Buyer => Buyer,
        Party.Seller => Seller,
        Party.OperationsManagers => OperationsManager,
        _ => throw new ArgumentOutOfRangeException(nameof(party), party, "Only the buyer, the seller and the operations managers act."),
    };
}
