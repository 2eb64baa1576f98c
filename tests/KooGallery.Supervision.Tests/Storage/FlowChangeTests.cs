using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Storage;

/// <summary>A change no store could keep whole is refused when it is made, before any store sees it.</summary>
public sealed class FlowChangeTests
{
    [Fact]
    public async Task A_change_whose_records_repeat_a_sequence_is_refused_naming_the_records()
    {
        // Before: the in-memory store kept both records, SQLite refused the save and PostgreSQL dropped the second.
        var flow = await new TestHost().CreateAsync();
        var records = await StoryRecordsAsync();
        var act = () => new FlowChange(flow, 1, [records[0], records[0] with { Text = "again" }], [], null);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("records");
    }

    [Fact]
    public async Task A_change_whose_events_share_an_id_is_refused_naming_the_events()
    {
        var flow = await new TestHost().CreateAsync();
        var supervisionEvent = GoldenSamples.Events[0];
        var act = () => new FlowChange(flow, 1, [], [supervisionEvent, supervisionEvent with { Text = "again" }], null);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("events");
    }

    [Fact]
    public async Task A_change_holding_a_null_record_or_event_is_refused_naming_the_list()
    {
        var flow = await new TestHost().CreateAsync();

        var nullRecord = () => new FlowChange(flow, 1, [null!], [], null);
        var nullEvent = () => new FlowChange(flow, 1, [], [GoldenSamples.Events[0], null!], null);

        nullRecord.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("records");
        nullEvent.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("events");
    }

    [Fact]
    public async Task The_in_memory_store_refuses_events_made_to_share_an_id_after_the_change_was_made_and_writes_nothing()
    {
        // The change keeps its caller's lists: a store checks again what it cannot keep whole.
        var host = new TestHost();
        var flow = await host.CreateAsync();
        var next = flow.Copy();
        next.Version = flow.Version + 1;
        var first = GoldenSamples.Events[0] with { Id = Guid.NewGuid(), OrderNumber = flow.OrderNumber };
        var events = new List<SupervisionEvent> { first };
        var change = new FlowChange(next, flow.Version, [], events, null);
        events.Add(first with { Text = "again" });

        var save = async () => await host.Store.SaveAsync(change, CancellationToken.None);

        await save.Should().ThrowAsync<SupervisionStoreException>();
        (await host.Store.LoadAsync("ORD-1", CancellationToken.None))!.Version.Should().Be(flow.Version);
        (await host.Store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().NotContain(e => e.Id == first.Id);
    }

    [Fact]
    public async Task A_change_with_rising_records_and_distinct_events_is_made()
    {
        var flow = await new TestHost().CreateAsync();
        var records = await StoryRecordsAsync();

        var change = new FlowChange(flow, 1, [records[0], records[1]], [GoldenSamples.Events[0], GoldenSamples.Events[0] with { Id = Guid.NewGuid() }], null);

        change.Records.Should().HaveCount(2);
        change.Events.Should().HaveCount(2);
    }

    private static async Task<IReadOnlyList<OperationRecord>> StoryRecordsAsync()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.Delivered);
        return await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);
    }
}
