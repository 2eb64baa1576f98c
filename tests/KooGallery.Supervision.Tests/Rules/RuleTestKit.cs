using System.Threading;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Rules;

/// <summary>Small helpers shared by the rule tests.</summary>
internal static class RuleTestKit
{
    /// <summary>Asserts that a call was refused with <paramref name="code"/> and returns the error.</summary>
    public static SupervisionError ShouldBeRefused<T>(this SupervisionResult<T> result, SupervisionErrorCode code)
    {
        result.IsSuccess.Should().BeFalse("the call should have been refused with {0}", code);
        result.Error!.Code.Should().Be(code, "the refusal was: {0}", result.Error.Message);
        result.Error.Message.Should().NotBeNullOrWhiteSpace();
        return result.Error;
    }

    /// <summary>Asserts that a call succeeded and returns its value.</summary>
    public static T ShouldSucceed<T>(this SupervisionResult<T> result, string because = "the call should have succeeded")
    {
        result.IsSuccess.Should().BeTrue("{0}, but: {1}", because, result.Error?.ToString());
        return result.Value;
    }

    /// <summary>The events of one kind for one order the recording handler received.</summary>
    public static List<SupervisionEvent> EventsOf(this TestHost host, SupervisionEventKind kind, string orderNumber = "ORD-1") =>
        host.Events.Received.Where(e => e.Kind == kind && e.OrderNumber == orderNumber).ToList();

    /// <summary>Reads the stored records of a flow.</summary>
    public static async Task<IReadOnlyList<OperationRecord>> RecordsAsync(this TestHost host, string orderNumber = "ORD-1") =>
        await host.Store.ReadRecordsAsync(orderNumber, CancellationToken.None);

    /// <summary>Progress update by the flow's seller.</summary>
    public static PostProgressUpdate Progress(this TestHost host, string orderNumber = "ORD-1", string text = "Half of the tables are migrated.") =>
        new(host.NextCommandId(), orderNumber, TestHost.Seller, text);

    /// <summary>Reminder by the flow's buyer.</summary>
    public static SendReminder Reminder(this TestHost host, string orderNumber = "ORD-1") =>
        new(host.NextCommandId(), orderNumber, TestHost.Buyer, "Any news?");

    /// <summary>Buyer appeal command.</summary>
    public static OpenAppeal BuyerAppeal(this TestHost host, string orderNumber = "ORD-1") =>
        new(host.NextCommandId(), orderNumber, TestHost.Buyer, "The seller does not answer.");

    /// <summary>Seller appeal command.</summary>
    public static OpenAppeal SellerAppeal(this TestHost host, string orderNumber = "ORD-1") =>
        new(host.NextCommandId(), orderNumber, TestHost.Seller, "The buyer does not accept a complete delivery.");
}

/// <summary>
/// A store that makes the first <c>parties</c> loads after <see cref="Arm"/> wait for each other, so
/// that racing commands deterministically read the same flow version before either saves.
/// </summary>
internal sealed class RendezvousStore : IServiceFlowStore
{
    private readonly InMemoryServiceFlowStore _inner = new();
    private TaskCompletionSource? _gate;
    private int _arrived;
    private int _parties;
    private string? _hiddenOnce;

    private int _versionConflicts;

    public int VersionConflicts => Volatile.Read(ref _versionConflicts);

    public void Arm(int parties)
    {
        _parties = parties;
        _arrived = 0;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken)
    {
        var flow = await _inner.LoadAsync(orderNumber, cancellationToken);
        var gate = _gate;
        if (gate is not null)
        {
            var arrived = Interlocked.Increment(ref _arrived);
            if (arrived <= _parties)
            {
                if (arrived == _parties)
                {
                    gate.TrySetResult();
                }

                // A safeguard against a hang, not a timing assertion.
                await gate.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }

        return flow;
    }

    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) =>
        _inner.ReadRecordsAsync(orderNumber, cancellationToken);

    /// <summary>
    /// Makes the next lookup of <paramref name="commandId"/> find nothing, as a lookup that ran just
    /// before the original command saved its outcome would.
    /// </summary>
    public void HideOutcomeOnce(string commandId) => _hiddenOnce = commandId;

    public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _hiddenOnce, null, commandId) == commandId)
        {
            return ValueTask.FromResult<CommandOutcome?>(null);
        }

        return _inner.FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken);
    }

    public async ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
    {
        var result = await _inner.SaveAsync(change, cancellationToken);
        if (result == FlowSaveResult.VersionConflict)
        {
            Interlocked.Increment(ref _versionConflicts);
        }

        return result;
    }

    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) =>
        _inner.SearchAsync(query, now, cancellationToken);

    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _inner.FindDueAsync(now, maxCount, cancellationToken);

    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _inner.ReadPendingEventsAsync(now, maxCount, cancellationToken);

    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _inner.ParkTimersAsync(orderNumber, retryAt, cancellationToken);

    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _inner.DeferEventAsync(eventId, retryAt, cancellationToken);

    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        _inner.MarkEventsDeliveredAsync(eventIds, cancellationToken);
}
