namespace AtrousConv.Parity.Evaluation;

/// <summary>
/// A case's arguments cannot even be written in the library's types (a rate beyond <see cref="int"/>, a dtype the
/// library has no type for, a missing argument). A user cannot make that call, which is a rejection by the type
/// system: fine where TensorFlow rejected, a failure where TensorFlow computed.
/// </summary>
public sealed class NotExpressibleException : Exception
{
    public NotExpressibleException()
    {
    }

    public NotExpressibleException(string message)
        : base(message)
    {
    }

    public NotExpressibleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
