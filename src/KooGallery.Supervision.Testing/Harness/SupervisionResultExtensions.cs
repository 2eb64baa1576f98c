namespace KooGallery.Supervision.Testing;

/// <summary>
/// Helpers on <see cref="SupervisionResult{T}"/> for the arrange steps of a test, where a refusal means the test
/// itself is wrong. They throw ordinary exceptions and need no test framework.
/// </summary>
public static class SupervisionResultExtensions
{
    /// <summary>Gets the value of a result, or throws an exception that names the step and the library's refusal.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="result">The result.</param>
    /// <param name="step">What the call was for, as a phrase: "Submitting the request of ORD-1".</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The call was refused.</exception>
    public static T ValueOrThrow<T>(this SupervisionResult<T> result, string step) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException(DescribeRefusal(step, result.Error));

    /// <summary>Describes a refusal in one line: the step, the code, the finer reason, the stage and the library's message.</summary>
    /// <param name="step">What the call was for.</param>
    /// <param name="error">The refusal.</param>
    /// <returns>The description.</returns>
    public static string DescribeRefusal(string step, SupervisionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = error.Reason is null ? string.Empty : $" ({error.Reason})";
        var stage = error.Stage is { } refusedIn ? $" in stage {refusedIn}" : string.Empty;
        return $"{step} was refused with {error.Code}{reason}{stage}: {error.Message}";
    }
}
