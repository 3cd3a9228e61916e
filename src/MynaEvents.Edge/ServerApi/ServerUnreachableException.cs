namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// The server could not be asked or did not answer properly: connection refused, DNS, timeout,
/// HTTP 408, 429 or any 5xx, or an answer that is not the server's. Nothing says the command
/// was refused, so it stays queued and is sent again later with the same command id.
/// </summary>
public sealed class ServerUnreachableException : Exception
{
    public ServerUnreachableException()
    {
    }

    public ServerUnreachableException(string message) : base(message)
    {
    }

    public ServerUnreachableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ServerUnreachableException(string message, int? status, Exception? innerException = null) : base(message, innerException) =>
        Status = status;

    /// <summary>The HTTP status when the trouble was an answer (502, 503, 429…); null when no answer came.</summary>
    public int? Status { get; }
}
