namespace KooGallery.Supervision.Relational;

/// <summary>
/// Runs a store operation so that a failure of the database reaches the caller as one typed error,
/// <see cref="SupervisionStoreException"/> naming the database, with the database's own error as its
/// inner exception. Cancellation, argument errors and the store's own errors pass through unchanged.
/// Thread-safe. The value tasks it returns are the store's callers', who may block on them: they hold the result, or a
/// task, never the pooled state machine that awaits the operation (a task that only waits for it is smaller than a
/// state machine of its own).
/// </summary>
/// <param name="translate">Gives the typed error for an exception of the database, or null to let it pass.</param>
internal sealed class StoreFailures(Func<Exception, SupervisionStoreException?> translate)
{
    /// <summary>Awaits an operation, translating a database failure.</summary>
    public ValueTask<T> GuardAsync<T>(ValueTask<T> operation)
    {
        var guarded = AwaitAsync(operation);
        return guarded.IsCompletedSuccessfully ? new(guarded.Result) : new(guarded.AsTask());
    }

    /// <summary>Awaits an operation without a result, translating a database failure.</summary>
    public ValueTask GuardAsync(ValueTask operation)
    {
        var guarded = AwaitAsync(operation);
        if (guarded.IsCompletedSuccessfully)
        {
            guarded.GetAwaiter().GetResult();
            return ValueTask.CompletedTask;
        }

        return new(guarded.AsTask());
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<T> AwaitAsync<T>(ValueTask<T> operation)
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

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(ValueTask operation)
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
