using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>
/// The engine's inner async methods reuse pooled state machines, but the value tasks the supervisor and the stores
/// hand to their callers are backed by tasks: a caller that blocks on one that completes later (a database answering
/// on another thread) gets its result, as it always did.
/// </summary>
public class BlockingCallerTests
{
    [Fact(Timeout = 60_000)] // a library that blocked on the gated save would never open the gate: it fails here, not hangs
    public async Task ExecuteAsync_StoreCompletesLater_CallerBlockingOnTheValueTaskGetsTheOutcome()
    {
        var store = new LaterStore(new InMemoryServiceFlowStore());
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.InService);
        store.GateNextSave();

        var (completedAtOnce, result) = await Task.Run(() =>
        {
            // The save waits for the gate, opened only once the call has returned: the call cannot have completed.
            var pending = host.Supervisor.ExecuteAsync(new PostProgressUpdate("p-1", "ORD-1", TestHost.Seller, "Half done."));
            var completed = pending.IsCompleted;
            store.Gate.SetResult();
            return (completed, pending.GetAwaiter().GetResult());
        }).WaitAsync(TestContext.Current.CancellationToken);

        completedAtOnce.Should().BeFalse("the store answers on another thread, so the call is still running when it returns");
        result.IsSuccess.Should().BeTrue();
        result.Value.FlowVersion.Should().Be((await host.ViewAsync(TestHost.Seller)).Version);
        (await store.ReadRecordsAsync("ORD-1", CancellationToken.None)).Should().Contain(record => record.CommandId == "p-1");
    }

    /// <summary>Answers every load later, on a thread-pool thread, and a save once its gate is open (every save after the first, at once).</summary>
    private sealed class LaterStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        private bool _gated;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Gates the next save (the set-up's saves pass at once).</summary>
        public void GateNextSave() => _gated = true;

        public override async ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) =>
            await Task.Run(() => Inner.LoadAsync(orderNumber, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);

        public override async ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
        {
            if (_gated)
            {
                await Gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return await Task.Run(() => Inner.SaveAsync(change, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        }
    }
}
