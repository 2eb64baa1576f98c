namespace KooGallery.Supervision;

/// <summary>
/// Thrown by <see cref="SupervisionResult{T}.GetValueOrThrow"/> for a refused action; carries the
/// typed <see cref="SupervisionError"/>.
/// </summary>
public sealed class SupervisionException : Exception
{
    /// <summary>Initializes a new instance for a refused action.</summary>
    /// <param name="error">The refusal.</param>
    public SupervisionException(SupervisionError error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Gets the refusal.</summary>
    public SupervisionError Error { get; }
}
