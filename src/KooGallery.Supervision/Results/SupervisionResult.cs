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
    private static readonly SupervisionError NotAResult = new()
    {
        Code = SupervisionErrorCode.Validation,
        Reason = SupervisionErrorReason.DefaultResult,
        Message = "This result was never set: it is the default value of SupervisionResult, not the result of a call.",
    };

    private readonly T? _value;
    private readonly SupervisionError? _error;
    private readonly bool _succeeded;

    private SupervisionResult(T? value, SupervisionError? error)
    {
        _value = value;
        _error = error;
        _succeeded = error is null;
    }

    /// <summary>Gets whether the call succeeded. The default value of the type is not a success.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => _succeeded;

    /// <summary>Gets the refusal, or null on success.</summary>
    public SupervisionError? Error => _succeeded ? null : _error ?? NotAResult;

    /// <summary>Gets the value.</summary>
    /// <exception cref="InvalidOperationException">The call was refused; read <see cref="Error"/>.</exception>
    public T Value => _succeeded ? _value! : throw new InvalidOperationException("The call was refused: " + Error);

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
    public T GetValueOrThrow() => _succeeded ? _value! : throw new SupervisionException(Error!);

    /// <summary>Creates a successful result from a value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator SupervisionResult<T>(T value) => Success(value);

    /// <summary>Creates a refused result from an error.</summary>
    /// <param name="error">The refusal.</param>
    public static implicit operator SupervisionResult<T>(SupervisionError error) => Failure(error);

    /// <inheritdoc />
    public override string ToString() => _succeeded ? $"Success: {_value}" : Error!.ToString();
}
