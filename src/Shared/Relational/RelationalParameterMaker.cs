using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// Makes the parameters of a save's statements and gives them their values: by default through the driver's factory,
/// each value given as an object. A driver with typed parameters makes them typed, so a kept parameter takes each
/// save's number, flag or document buffer without boxing it.
/// </summary>
internal class RelationalParameterMaker(DbProviderFactory factory)
{
    /// <summary>Makes a parameter that will take values of type <typeparamref name="T"/>.</summary>
    public virtual DbParameter Create<T>() =>
        factory.CreateParameter() ?? throw new InvalidOperationException("The database driver creates no parameters.");

    /// <summary>Gives <paramref name="parameter"/>, made by <see cref="Create{T}"/>, the value <paramref name="value"/> (null for a database null).</summary>
    public virtual void Set<T>(DbParameter parameter, T value) => parameter.Value = value is null ? DBNull.Value : value;
}
