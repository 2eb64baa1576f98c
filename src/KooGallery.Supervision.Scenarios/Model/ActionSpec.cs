namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>One action: who does what to which order, with which inputs.</summary>
/// <param name="Line">Its line in the file.</param>
/// <param name="Actor">Who acts; null for <c>create</c>, which the marketplace does.</param>
/// <param name="Action">What is done.</param>
/// <param name="OrderNumber">The order acted on; null for the scenario's current order.</param>
/// <param name="Inputs">The inputs.</param>
internal sealed record ActionSpec(int Line, ScenarioActor? Actor, StepAction Action, string? OrderNumber, StepInputs Inputs);
