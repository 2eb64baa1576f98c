namespace KooGallery.Supervision.Web.Development;

/// <summary>The steps of the development clock control: enough to see completion (3 hours), a stall (5 days) and an overdue appeal.</summary>
public static class DevClockSteps
{
    /// <summary>Gets each step's label and hours.</summary>
    public static IReadOnlyList<(string Label, int Hours)> All { get; } =
    [
        ("+1 h", 1), ("+3 h", 3), ("+1 day", 24), ("+5 days", 120),
    ];
}
