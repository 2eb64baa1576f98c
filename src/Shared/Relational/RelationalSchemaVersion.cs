using System.Globalization;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// Reads the value a relational store keeps in its version table, the same way for every database: a
/// whole number from 1 up to the version the library knows. Anything else (text, a fraction, no row)
/// means the table was damaged or written by something else, and the store refuses the database.
/// </summary>
internal static class RelationalSchemaVersion
{
    private const int ShownText = 40;

    /// <summary>Checks the stored version.</summary>
    /// <param name="value">The version column of the one row, or null when there is no row.</param>
    /// <param name="database">Names the database in messages, for example "The SQLite database 'x.db'".</param>
    /// <param name="current">The version this library knows.</param>
    /// <param name="package">The package to upgrade when the schema is newer.</param>
    /// <returns>The version.</returns>
    /// <exception cref="SupervisionStoreException">The value is not a version this library can use.</exception>
    public static int Check(object? value, string database, int current, string package)
    {
        if (value is long or int or short)
        {
            var version = Convert.ToInt64(value, CultureInfo.InvariantCulture);
            if (version > current)
            {
                throw new SupervisionStoreException("SchemaTooNew",
                    string.Create(CultureInfo.InvariantCulture, $"{database} has supervision schema version {version}, newer than version {current} that this library knows. Nothing was written; upgrade {package} to use it."),
                    null);
            }

            if (version >= 1)
            {
                return (int)version;
            }
        }

        throw new SupervisionStoreException("SchemaDamaged",
            $"{database} has a supervision_schema table whose version is {Describe(value)}, where a whole number from 1 to {current.ToString(CultureInfo.InvariantCulture)} belongs: the table was damaged or written by something else. Nothing was written; restore the database from a backup or point the store at another one.",
            null);
    }

    /// <summary>Decides what a store does with the version it found: nothing, an upgrade, or a refusal.</summary>
    /// <param name="version">The version found; 0 for none.</param>
    /// <param name="current">The version this library knows.</param>
    /// <param name="create">Whether the caller may create or upgrade the schema.</param>
    /// <param name="database">Names the database in messages, for example "The SQLite database 'x.db'".</param>
    /// <returns>True when the schema must be created or upgraded; false when it is current.</returns>
    /// <exception cref="SupervisionStoreException">It must be, and the caller may not ("SchemaMissing").</exception>
    public static bool NeedsUpgrade(int version, int current, bool create, string database)
    {
        if (version == current)
        {
            return false;
        }

        return create ? true : throw new SupervisionStoreException("SchemaMissing",
            string.Create(CultureInfo.InvariantCulture, $"{database} has {(version == 0 ? "no supervision schema" : $"supervision schema version {version}")} and this library needs version {current}. Call EnsureSchemaAsync (or EnsureServiceSupervisionSchemaAsync on the service provider) at start-up."),
            null);
    }

    private static string Describe(object? value) => value switch
    {
        null or DBNull => "missing (no row or an empty value)",
        string text => "the text '" + (text.Length > ShownText ? text[..ShownText] + "…" : text) + "'",
        byte[] bytes => string.Create(CultureInfo.InvariantCulture, $"binary data of {bytes.Length} bytes"),
        IFormattable number => "the number " + number.ToString(null, CultureInfo.InvariantCulture),
        _ => "a value of type " + value.GetType().Name,
    };
}
