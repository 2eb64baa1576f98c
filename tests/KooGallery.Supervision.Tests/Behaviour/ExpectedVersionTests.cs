using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>
/// <see cref="SupervisionCommand.ExpectedVersion"/>: a command sent for a version the flow no longer has is refused
/// and changes nothing, checked on the version it is saved against (what HTTP's If-Match relies on).
/// </summary>
public class ExpectedVersionTests
{
    [Fact]
    public async Task ExecuteAsync_ExpectedVersionIsCurrent_AppliesTheCommand()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var view = await host.ViewAsync(TestHost.Seller);

        var outcome = await host.MustAsync(new PostProgressUpdate("p-1", "ORD-1", TestHost.Seller, "Half done.") { ExpectedVersion = view.Version });

        outcome.FlowVersion.Should().Be(view.Version + 1);
    }

    [Fact]
    public async Task ExecuteAsync_ExpectedVersionIsStale_IsRefusedAsStaleVersionAndChangesNothing()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var view = await host.ViewAsync(TestHost.Seller);
        await host.MustAsync(new PostProgressUpdate("p-1", "ORD-1", TestHost.Seller, "A quarter done."));
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new PostProgressUpdate("p-2", "ORD-1", TestHost.Seller, "Half done.") { ExpectedVersion = view.Version });

        result.IsSuccess.Should().BeFalse();
        result.Error!.Code.Should().Be(SupervisionErrorCode.Conflict);
        result.Error.Reason.Should().Be(SupervisionErrorReason.StaleVersion);
        result.Error.Message.Should().Contain($"version {view.Version + 1}");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecuteAsync_ATimerThatFellDueSinceTheVersionWasRead_IsStaleWhetherOrNotAReadSavedIt(bool readInBetween)
    {
        // Before: the command was accepted on the caught-up flow (a stall the caller never saw) unless someone's read
        // had saved the same catch-up first, when it was refused: one state, two answers.
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        var seen = await host.ViewAsync(TestHost.Buyer);
        host.Clock.Advance(Duration.FromDays(6));
        if (readInBetween)
        {
            await host.ViewAsync(TestHost.Seller);
        }

        var result = await host.RunAsync(new AcceptDelivery("a-1", "ORD-1", TestHost.Buyer) { ExpectedVersion = seen.Version });

        result.Error!.Reason.Should().Be(SupervisionErrorReason.StaleVersion);
        result.Error.Message.Should().Contain($"version {seen.Version + 1}");
        var now = await host.ViewAsync(TestHost.Buyer);
        now.Version.Should().Be(seen.Version + 1, "the caught-up stall is kept as the next version");
        now.Stage.Should().Be(Stage.Delivered);
        (await host.MustAsync(new AcceptDelivery("a-2", "ORD-1", TestHost.Buyer) { ExpectedVersion = now.Version })).StageAfter.Should().Be(Stage.Accepted);
    }

    [Fact]
    public async Task ExecuteAsync_AChangeSavedBetweenTheLoadAndTheSave_IsSeenAndTheCommandRefused()
    {
        var store = new SaveInterleavingStore(new InMemoryServiceFlowStore());
        var host = new TestHost(store: store);
        await host.FlowInStageAsync(Stage.InService);
        var view = await host.ViewAsync(TestHost.Seller);
        store.BeforeNextSave = () => host.MustAsync(new PostProgressUpdate("other", "ORD-1", TestHost.Seller, "Someone else's update."));

        var result = await host.RunAsync(new PostProgressUpdate("p-2", "ORD-1", TestHost.Seller, "Half done.") { ExpectedVersion = view.Version });

        result.Error!.Reason.Should().Be(SupervisionErrorReason.StaleVersion, "the first attempt lost the race and the retry sees the newer version");
        var records = (await host.ViewAsync(TestHost.Seller)).Records;
        records.Should().ContainSingle(r => r.CommandId == "other");
        records.Should().NotContain(r => r.CommandId == "p-2");
    }

    [Fact]
    public async Task ExecuteAsync_RetryOfAnAcceptedCommandWithItsNowStaleVersion_ReplaysTheFirstOutcome()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var view = await host.ViewAsync(TestHost.Seller);
        var command = new PostProgressUpdate("p-1", "ORD-1", TestHost.Seller, "Half done.") { ExpectedVersion = view.Version };
        var first = await host.MustAsync(command);

        var second = await host.MustAsync(command);

        second.IsReplay.Should().BeTrue();
        second.FlowVersion.Should().Be(first.FlowVersion);
    }

    private sealed class SaveInterleavingStore(IServiceFlowStore inner) : DelegatingStore(inner)
    {
        public Func<Task>? BeforeNextSave { get; set; }

        public override async ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
        {
            if (BeforeNextSave is { } action)
            {
                BeforeNextSave = null;
                await action();
            }

            return await base.SaveAsync(change, cancellationToken);
        }
    }
}
