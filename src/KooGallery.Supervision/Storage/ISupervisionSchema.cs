namespace KooGallery.Supervision;

/// <summary>
/// A store whose database schema the library creates and upgrades through an explicit,
/// idempotent step. Call <see cref="EnsureSchemaAsync"/> once at start-up (or let a hosted start-up
/// do it); a database whose schema is newer than the library knows is refused, never overwritten.
/// </summary>
public interface ISupervisionSchema
{
    /// <summary>Creates the schema when the database has none, upgrades an older one, and checks it.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schema version the database has afterwards.</returns>
    /// <exception cref="SupervisionStoreException">The database cannot be used: not a database, another application's, or a newer schema.</exception>
    ValueTask<int> EnsureSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the database's schema version and checks it, changing nothing: the health check calls it every time, so
    /// that a schema another deployment made newer after this one started is seen. By default a store does not
    /// tell (null).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schema version the database has, or null when the store does not tell.</returns>
    /// <exception cref="SupervisionStoreException">The database cannot be used: no or an older schema, not a database, another application's, or a newer schema.</exception>
    ValueTask<int?> CheckSchemaAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<int?>(null);
}
