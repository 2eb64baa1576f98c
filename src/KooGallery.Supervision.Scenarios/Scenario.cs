namespace KooGallery.Supervision.Scenarios;

/// <summary>
/// One scenario file, read: given a policy and an order, when these steps happen, then this must hold after
/// each. Read it with <see cref="ScenarioReader"/> and play it with <see cref="ScenarioRunner"/>.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class Scenario
{
    internal Scenario(string file, string name, IReadOnlyList<string> rules, string? description, Instant start,
        IReadOnlyList<PolicySpec> policies, OrderSpec? order, IReadOnlyList<ScenarioStep> steps)
    {
        File = file;
        Name = name;
        Rules = rules;
        Description = description;
        Start = start;
        Policies = policies;
        Order = order;
        Steps = steps;
    }

    /// <summary>The file the scenario was read from, as given to the reader; reports name it.</summary>
    public string File { get; }

    /// <summary>The scenario's title (<c>scenario:</c>).</summary>
    public string Name { get; }

    /// <summary>The ids of the rules it shows, such as <c>R9</c> (<c>rule:</c>), written without leading zeros.</summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>The plain-words description (<c>description:</c>), or null.</summary>
    public string? Description { get; }

    /// <summary>The clock's instant before the first step (<c>start:</c>; by default Monday 2026-03-02 09:00 UTC).</summary>
    public Instant Start { get; }

    /// <summary>The steps, in file order.</summary>
    public IReadOnlyList<ScenarioStep> Steps { get; }

    internal IReadOnlyList<PolicySpec> Policies { get; }

    internal OrderSpec? Order { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Name} ({Steps.Count} steps)";
}
