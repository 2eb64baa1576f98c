namespace KooGallery.Supervision;

/// <summary>
/// A store cannot be used as it is: the database is not one, belongs to another application, has a
/// schema newer than this library knows, none yet or a damaged one, cannot be reached, or failed an
/// operation (for example it is read-only). The store's own transaction was not committed; only a
/// connection lost during the commit itself can leave that unknown.
/// </summary>
public sealed class SupervisionStoreException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public SupervisionStoreException()
        : this("The supervision store cannot be used.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public SupervisionStoreException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The underlying error.</param>
    public SupervisionStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = "Unusable";
    }

    /// <summary>Initializes a new instance with a stable reason, a message and the underlying error.</summary>
    /// <param name="reason">
    /// A stable reason: "NotADatabase", "ForeignDatabase", "SchemaTooNew", "SchemaMissing", "SchemaDamaged"
    /// (the version table holds no usable version), "ConnectionFailed", or "Unusable" (the database failed an
    /// operation, for example it is read-only).
    /// </param>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SupervisionStoreException(string reason, string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Gets the stable reason.</summary>
    public string Reason { get; }
}
