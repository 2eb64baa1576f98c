namespace KooGallery.Supervision.Relational;

/// <summary>
/// A few objects kept between calls for reuse (connections, commands, batches), at most <paramref name="max"/>: about
/// as many as calls run at once. Thread-safe. Once closed, it keeps nothing more.
/// </summary>
/// <typeparam name="T">What is kept.</typeparam>
internal sealed class KeptObjects<T>(int max)
    where T : class
{
    private readonly Stack<T> _kept = new();
    private bool _closed;

    /// <summary>Gets how many objects are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_kept)
            {
                return _kept.Count;
            }
        }
    }

    /// <summary>Takes a kept object, or null when none is kept.</summary>
    public T? Take()
    {
        lock (_kept)
        {
            return _kept.TryPop(out var kept) ? kept : null;
        }
    }

    /// <summary>Keeps <paramref name="item"/> for a later call; false when as many are kept already, or closed (the caller then lets it go).</summary>
    public bool Keep(T item)
    {
        lock (_kept)
        {
            // Stryker disable once Equality : a bound on memory; an object left over is let go by the caller
            if (_closed || _kept.Count >= max)
            {
                return false;
            }

            _kept.Push(item);
            return true;
        }
    }

    /// <summary>Keeps nothing more and hands every kept object to <paramref name="release"/>, under the lock (so no call takes one meanwhile).</summary>
    public void Close(Action<T> release)
    {
        lock (_kept)
        {
            _closed = true;
            while (_kept.TryPop(out var kept))
            {
                release(kept);
            }
        }
    }
}
