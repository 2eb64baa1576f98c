using BenchmarkDotNet.Attributes;
using KooGallery.Supervision;
using KooGallery.Supervision.Machine;
using NodaTime.Testing;
using Stateless;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>
/// 2. The actions an actor may take now, the query behind the buttons of a user interface: through the
/// supervisor (store read, timer check, the machine's guards), against the floor of asking a configured
/// raw Stateless machine whether each of its triggers can fire.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PermittedActionsBenchmarks
{
    private static readonly Trigger[] RawTriggers = [Trigger.PostProgressUpdate, Trigger.Deliver, Trigger.SendReminder, Trigger.OpenAppeal];
    private ServiceSupervisor _supervisor = null!;
    private StateMachine<Stage, Trigger> _raw = null!;
    private Stage _rawStage = Stage.InService;
    private ActorRole _rawActor = ActorRole.Seller;

    [GlobalSetup]
    public void SetUp()
    {
        _supervisor = new ServiceSupervisor(new InMemoryServiceFlowStore(), new FakeClock(Stories.Start));
        _supervisor.CreateFlowAsync(Stories.Order("V-1", ProductKind.License)).AsTask().GetAwaiter().GetResult().GetValueOrThrow();
        _raw = new StateMachine<Stage, Trigger>(() => _rawStage, s => _rawStage = s, FiringMode.Immediate);
        _rawActor = ActorRole.Seller;
        _raw.Configure(Stage.InService)
            .InternalTransitionIf(Trigger.PostProgressUpdate, _ => _rawActor == ActorRole.Seller, () => { }, "by the seller")
            .PermitIf(Trigger.Deliver, Stage.Delivered, () => _rawActor == ActorRole.Seller, "by the seller")
            .InternalTransitionIf(Trigger.SendReminder, _ => _rawActor == ActorRole.Buyer, () => { }, "by the buyer")
            .InternalTransitionIf(Trigger.OpenAppeal, _ => _rawActor is ActorRole.Buyer or ActorRole.Seller, () => { }, "by a party");
    }

    [Benchmark(Baseline = true)]
    public int RawStatelessCanFireEachTrigger()
    {
        var permitted = 0;
        foreach (var trigger in RawTriggers)
        {
            if (_raw.CanFire(trigger))
            {
                permitted++;
            }
        }

        return permitted;
    }

    [Benchmark]
    public async Task<int> SellerInService() => (await _supervisor.GetPermittedActionsAsync("V-1", Stories.Seller)).Value.Count;

    [Benchmark]
    public async Task<int> BuyerInService() => (await _supervisor.GetPermittedActionsAsync("V-1", Stories.Buyer)).Value.Count;
}
