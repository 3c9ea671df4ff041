namespace Awaitly;

/// <summary>A step value or error could not be written to, or read from, JSON.</summary>
public sealed class StepSerializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StepSerializationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
