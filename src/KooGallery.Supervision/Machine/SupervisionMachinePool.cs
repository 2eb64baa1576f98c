namespace KooGallery.Supervision.Machine;

/// <summary>
/// Keeps configured <see cref="SupervisionMachine"/> instances for reuse, so a command pays for one
/// Fire and not for building a machine. Thread-safe and lock-free: a few slots taken and given back
/// with an interlocked exchange. One pool per supervisor, no static state.
/// </summary>
internal sealed class SupervisionMachinePool
{
    // Stryker disable once Linq,Arithmetic : the number of slots is a performance setting, not a rule (on 2 cores all variants give 4)
    private readonly SupervisionMachine?[] _slots = new SupervisionMachine?[Math.Max(4, Environment.ProcessorCount * 2)];

    public SupervisionMachine Rent()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is not null && Interlocked.Exchange(ref _slots[i], null) is { } machine)
            {
                return machine;
            }
        }

        return new SupervisionMachine();
    }

    /// <summary>Rents a machine for the scope of a <c>using</c>: <c>using var lease = pool.Lease();</c>.</summary>
    public MachineLease Lease() => new(this, Rent());

    public void Return(SupervisionMachine machine)
    {
        machine.Unbind();
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is null && Interlocked.CompareExchange(ref _slots[i], machine, null) is null)
            {
                return;
            }
        }
    }
}

/// <summary>A machine rented from a <see cref="SupervisionMachinePool"/>, given back when disposed.</summary>
internal readonly struct MachineLease(SupervisionMachinePool pool, SupervisionMachine machine) : IDisposable
{
    public SupervisionMachine Machine { get; } = machine;

    public void Dispose() => pool.Return(Machine);
}
