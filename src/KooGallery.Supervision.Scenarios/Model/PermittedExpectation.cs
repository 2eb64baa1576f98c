namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>The actions one actor may take after a step (<c>permitted: { buyer: [...] }</c>).</summary>
/// <param name="Actor">The actor.</param>
/// <param name="Actions">The actions, in any order.</param>
internal sealed record PermittedExpectation(ScenarioActor Actor, IReadOnlyList<SupervisionAction> Actions);
