namespace KooGallery.Supervision.Relational;

/// <summary>
/// Runs a store's schema check once, shared by every call that arrives before it finishes; a check that
/// failed (whatever the reason) is run again by the next call. Thread-safe, lock-free.
/// </summary>
internal sealed class SchemaGate
{
    private Task? _check;
    private volatile bool _passed;

    /// <summary>Records that the schema is known to be in place (after an explicit schema step).</summary>
    public void Pass() => _passed = true;

    /// <summary>Waits for the one check, starting it when no call has yet.</summary>
    public async ValueTask WaitAsync(Func<Task> check, CancellationToken cancellationToken)
    {
        if (_passed)
        {
            return;
        }

        var running = Volatile.Read(ref _check);
        if (running is null)
        {
            var fresh = RunAsync(check);
            running = Interlocked.CompareExchange(ref _check, fresh, null) ?? fresh;
        }

        try
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (running.IsFaulted || running.IsCanceled)
        {
            _ = Interlocked.CompareExchange(ref _check, null, running);
            throw;
        }
    }

    private async Task RunAsync(Func<Task> check)
    {
        await check().ConfigureAwait(false);
        // Stryker disable once Boolean : the passed check stays published and completed; only the shortcut before the Interlocked read is lost
        _passed = true;
    }
}
