namespace KooGallery.Supervision.Testing;

/// <summary>
/// Thrown by a <see cref="StoreConformanceCase"/> when the store does not behave as every
/// <see cref="IServiceFlowStore"/> must: the message says what was checked, what was expected and what was found.
/// Any test framework reports it as a failed test.
/// </summary>
public sealed class StoreConformanceException : Exception
{
    /// <summary>Initializes an exception with a default message.</summary>
    public StoreConformanceException()
        : base("The store does not conform.")
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What was checked, what was expected and what was found.</param>
    public StoreConformanceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What was checked, what was expected and what was found.</param>
    /// <param name="innerException">The exception that caused it.</param>
    public StoreConformanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
