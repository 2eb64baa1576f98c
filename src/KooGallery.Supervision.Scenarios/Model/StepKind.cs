namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>The shape of a step.</summary>
internal enum StepKind
{
    /// <summary>An actor takes an action (<c>action:</c>).</summary>
    Action = 0,

    /// <summary>The due-timer sweep runs (<c>sweep: true</c>).</summary>
    Sweep = 1,

    /// <summary>Several actions start at once on the same flow (<c>race:</c>).</summary>
    Race = 2,

    /// <summary>Nothing is done: only the expectations are checked at the step's time.</summary>
    Check = 3,
}
