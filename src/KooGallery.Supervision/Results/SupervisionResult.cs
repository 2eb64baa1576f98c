using System;
using System.Diagnostics.CodeAnalysis;

namespace KooGallery.Supervision;

/// <summary>
/// The result of a supervision call: either a value or a typed <see cref="SupervisionError"/>.
/// Refusals are results, not exceptions; exceptions are kept for programming errors and
/// infrastructure failures.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly struct SupervisionResult<T>
{
    private readonly T? _value;

    private SupervisionResult(T? value, SupervisionError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Gets whether the call succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>Gets the refusal, or null on success.</summary>
    public SupervisionError? Error { get; }

    /// <summary>Gets the value.</summary>
    /// <exception cref="InvalidOperationException">The call was refused; read <see cref="Error"/>.</exception>
    public T Value => Error is null ? _value! : throw new InvalidOperationException("The call was refused: " + Error);

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static SupervisionResult<T> Success(T value) => new(value, null);

    /// <summary>Creates a refused result.</summary>
    /// <param name="error">The refusal.</param>
    /// <returns>The result.</returns>
    public static SupervisionResult<T> Failure(SupervisionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>Gets the value, or throws a <see cref="SupervisionException"/> carrying the refusal.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="SupervisionException">The call was refused.</exception>
    public T GetValueOrThrow() => Error is null ? _value! : throw new SupervisionException(Error);

    /// <summary>Creates a successful result from a value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator SupervisionResult<T>(T value) => Success(value);

    /// <summary>Creates a refused result from an error.</summary>
    /// <param name="error">The refusal.</param>
    public static implicit operator SupervisionResult<T>(SupervisionError error) => Failure(error);

    /// <inheritdoc />
    public override string ToString() => Error is null ? $"Success: {_value}" : Error.ToString();
}
