namespace AtrousConv.Parity.Evaluation;

/// <summary>What counts as the library rejecting a call: docs/fixture-format.md asks for an exception before computing anything,
/// and the library's contract is the <see cref="ArgumentException"/> family.</summary>
public static class Rejections
{
    /// <summary>Whether <paramref name="exception"/> is a proper rejection (ArgumentException and its subclasses,
    /// or arguments the API's types cannot even express).</summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns>Whether it rejects cleanly.</returns>
    public static bool IsRejection(Exception exception) => exception is ArgumentException or NotExpressibleException;

    /// <summary>A short description for reports: type and first line of the message.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns>The description.</returns>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Message;
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        return $"{exception.GetType().Name}: {(newline < 0 ? message : message[..newline])}";
    }
}
