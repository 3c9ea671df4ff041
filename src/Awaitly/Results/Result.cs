using System.Diagnostics.CodeAnalysis;

namespace Awaitly;

/// <summary>
/// The outcome of an operation: a value, or an expected (typed) error with an optional cause.
/// Expected errors are business outcomes (a declined card); exceptions are for the unexpected.
/// </summary>
public readonly struct Result<T, TError>
{
    private readonly T? _value;
    private readonly TError? _error;

    private Result(bool isOk, T? value, TError? error, Exception? cause)
    {
        IsOk = isOk;
        _value = value;
        _error = error;
        Cause = cause;
    }

    /// <summary>True when the operation produced a value.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk { get; }

    /// <summary>True when the operation produced an expected error.</summary>
    [MemberNotNullWhen(true, nameof(Error))]
    public bool IsError => !IsOk;

    /// <summary>The value. Throws <see cref="InvalidOperationException"/> on an error result.</summary>
    public T Value => IsOk
        ? _value!
        : throw new InvalidOperationException($"The result is an error ({_error}); check IsOk before reading Value.");

    /// <summary>The expected error, or <see langword="default"/> on a successful result.</summary>
    public TError? Error => _error;

    /// <summary>What caused the error, when known (for example the exception a gateway client threw).</summary>
    public Exception? Cause { get; }

    /// <summary>A successful result.</summary>
    public static Result<T, TError> Success(T value) => new(true, value, default, null);

    /// <summary>An error result.</summary>
    public static Result<T, TError> Failure(TError error, Exception? cause = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(false, default, error, cause);
    }

    /// <summary>Gets the value when the result is successful.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return IsOk;
    }

    /// <summary>Gets the error when the result is an error.</summary>
    public bool TryGetError([MaybeNullWhen(false)] out TError error)
    {
        error = _error;
        return !IsOk;
    }

    /// <summary>Lets <c>Result.Ok(value)</c> be returned where a <see cref="Result{T, TError}"/> is expected.</summary>
    public static implicit operator Result<T, TError>(Ok<T> ok) => Success(ok.Value);

    /// <summary>Lets <c>Result.Err(error)</c> be returned where a <see cref="Result{T, TError}"/> is expected.</summary>
    public static implicit operator Result<T, TError>(Err<TError> err) => Failure(err.Error, err.Cause);

    /// <inheritdoc />
    public override string ToString() => IsOk ? $"Ok({_value})" : $"Err({_error})";
}

/// <summary>A successful value waiting to become a <see cref="Result{T, TError}"/>.</summary>
/// <param name="Value">The value.</param>
public readonly record struct Ok<T>(T Value);

/// <summary>An expected error waiting to become a <see cref="Result{T, TError}"/>.</summary>
/// <param name="Error">The typed error.</param>
/// <param name="Cause">The exception behind it, if any.</param>
public readonly record struct Err<TError>(TError Error, Exception? Cause = null);

/// <summary>Factory methods for results.</summary>
public static class Result
{
    /// <summary>A successful result; converts implicitly to any <see cref="Result{T, TError}"/>.</summary>
    public static Ok<T> Ok<T>(T value) => new(value);

    /// <summary>An expected error; converts implicitly to any <see cref="Result{T, TError}"/>.</summary>
    public static Err<TError> Err<TError>(TError error, Exception? cause = null) => new(error, cause);
}
