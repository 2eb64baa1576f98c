using System.Collections.Concurrent;

namespace KooGallery.Supervision.Machine;

/// <summary>
/// Keeps configured <see cref="SupervisionMachine"/> instances for reuse, so a command pays for one
/// Fire and not for building a machine. Thread-safe; one pool per supervisor, no static state.
/// </summary>
internal sealed class SupervisionMachinePool
{
    private readonly ConcurrentBag<SupervisionMachine> _machines = [];
    private readonly int _maxRetained;

    public SupervisionMachinePool(int maxRetained = 64) => _maxRetained = maxRetained;

    public SupervisionMachine Rent() => _machines.TryTake(out var machine) ? machine : new SupervisionMachine();

    public void Return(SupervisionMachine machine)
    {
        machine.Unbind();
        if (_machines.Count < _maxRetained)
        {
            _machines.Add(machine);
        }
    }
}
