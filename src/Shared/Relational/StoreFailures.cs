namespace KooGallery.Supervision.Relational;

/// <summary>
/// Runs a store operation so that a failure of the database reaches the caller as one typed error,
/// <see cref="SupervisionStoreException"/> naming the database, with the database's own error as its
/// inner exception. Cancellation, argument errors and the store's own errors pass through unchanged.
/// Thread-safe. Its state machines are not pooled, unlike the stores' inner async methods: the value tasks it returns
/// are the store's callers', who may block on them.
/// </summary>
/// <param name="translate">Gives the typed error for an exception of the database, or null to let it pass.</param>
internal sealed class StoreFailures(Func<Exception, SupervisionStoreException?> translate)
{
    /// <summary>Awaits an operation, translating a database failure.</summary>
    public async ValueTask<T> GuardAsync<T>(ValueTask<T> operation)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception) is { } error)
        {
            throw error;
        }
    }

    /// <summary>Awaits an operation without a result, translating a database failure.</summary>
    public async ValueTask GuardAsync(ValueTask operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception) is { } error)
        {
            throw error;
        }
    }

    private SupervisionStoreException? Translate(Exception exception) =>
        exception is SupervisionStoreException or OperationCanceledException or ArgumentException ? null : translate(exception);
}
