namespace KooGallery.Supervision.Sqlite;

/// <summary>The SQLite <c>synchronous</c> levels the store supports (with the write-ahead log).</summary>
public enum SqliteSynchronous
{
    /// <summary><c>PRAGMA synchronous = FULL</c>: each commit is synced to disk.</summary>
    Full = 0,

    /// <summary><c>PRAGMA synchronous = NORMAL</c>: syncs at checkpoints; survives a process crash.</summary>
    Normal = 1,
}
