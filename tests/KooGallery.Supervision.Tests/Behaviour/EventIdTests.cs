using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>
/// Event ids are random version 4 GUIDs drawn from the options' randomizer (the shared generator by default), so a
/// test that replaces it gets the same ids on every run.
/// </summary>
public class EventIdTests
{
    private static async Task<IReadOnlyList<Guid>> EventIdsOfAStoryAsync(Random? randomizer)
    {
        var host = new TestHost();
        if (randomizer is not null)
        {
            host.Options.Randomizer = randomizer;
        }

        await host.FlowInStageAsync(Stage.Delivered);
        return [.. host.Events.Received.Select(supervisionEvent => supervisionEvent.Id)];
    }

    [Fact]
    public async Task The_same_draws_give_the_same_event_ids()
    {
        var first = await EventIdsOfAStoryAsync(new Random(20261129));
        var second = await EventIdsOfAStoryAsync(new Random(20261129));

        first.Should().NotBeEmpty().And.OnlyHaveUniqueItems();
        second.Should().Equal(first);
    }

    [Fact]
    public async Task Event_ids_are_random_version_4_guids()
    {
        var ids = await EventIdsOfAStoryAsync(randomizer: null);
        var seeded = await EventIdsOfAStoryAsync(new Random(20261129));

        ids.Concat(seeded).Should().OnlyContain(id => id.Version == 4 && (id.Variant & 0xC) == 0x8, "RFC 9562 version 4, variant 10xx");
        ids.Should().NotIntersectWith(seeded);
    }
}
