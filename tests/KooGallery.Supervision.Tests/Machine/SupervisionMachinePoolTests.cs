using KooGallery.Supervision.Machine;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Machine;

/// <summary>
/// The machine pool (found by mutation testing, docs/testing.md): a returned machine is rented again, unbound from its
/// last flow, and a full pool or an empty one never fails.
/// </summary>
public class SupervisionMachinePoolTests
{
    private static ServiceFlow Flow(Stage stage) => new() { OrderNumber = "ORD-P", BuyerId = "buyer-1", SellerId = "seller-1", Stage = stage };

    [Fact]
    public void A_returned_machine_is_rented_again_and_an_empty_pool_builds_a_new_one()
    {
        var pool = new SupervisionMachinePool();
        var first = pool.Rent();
        var second = pool.Rent();
        second.Should().NotBeSameAs(first, "an empty pool builds a machine for each rent");

        pool.Return(first);

        pool.Rent().Should().BeSameAs(first);
        pool.Rent().Should().NotBeSameAs(first, "the returned machine was taken again");
    }

    [Fact]
    public void A_lease_gives_its_machine_back_when_disposed()
    {
        var pool = new SupervisionMachinePool();
        SupervisionMachine leased;
        using (var lease = pool.Lease())
        {
            leased = lease.Machine;
        }

        pool.Rent().Should().BeSameAs(leased);
    }

    [Fact]
    public void A_returned_machine_keeps_nothing_of_its_last_flow_and_actor()
    {
        var pool = new SupervisionMachinePool();
        var machine = pool.Rent();
        machine.Bind(Flow(Stage.InService), SupervisionPolicy.Default, Actor.Seller("seller-1"), TestHost.Start);
        machine.TryFire(Trigger.Deliver, CommandDetails.None).Should().BeTrue();
        machine.Raised.Should().NotBeEmpty();
        machine.IsConfiguredInStage(Trigger.AcceptDelivery).Should().BeTrue("the bound flow is now delivered");

        pool.Return(machine);

        machine.Raised.Should().BeEmpty("Unbind drops the events of the last fire");
        machine.IsConfiguredInStage(Trigger.AcceptDelivery).Should().BeFalse("the machine no longer reads the delivered flow");
        machine.IsConfiguredInStage(Trigger.SubmitRequest).Should().BeTrue("an unbound machine reads its own empty flow, awaiting a request");
    }

    [Fact]
    public void More_returns_than_slots_are_dropped_without_failing()
    {
        var pool = new SupervisionMachinePool();
        var machines = Enumerable.Range(0, Math.Max(4, Environment.ProcessorCount * 2) + 3).Select(_ => pool.Rent()).ToList();

        foreach (var machine in machines)
        {
            pool.Return(machine);
        }

        var rented = Enumerable.Range(0, machines.Count).Select(_ => pool.Rent()).ToList();
        rented.Count(machines.Contains).Should().Be(Math.Max(4, Environment.ProcessorCount * 2), "the pool keeps as many machines as it has slots");
    }
}
