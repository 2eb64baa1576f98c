namespace KooGallery.Supervision.Exploration;

/// <summary>
/// One step of an explored sequence: an <see cref="ActionStep"/> (a command by one kind of actor) or a
/// <see cref="TimeStep"/> (the clock moves to a policy threshold, then the timers are swept).
/// </summary>
/// <remarks>Instances are immutable and compare by value.</remarks>
public abstract record ExplorationStep
{
    private protected ExplorationStep()
    {
    }
}
