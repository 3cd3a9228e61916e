namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// The server answered with a 4xx problem+json: it understood the command and refused it, and
/// wrote nothing. Sending it again will not help. Title and detail are the server's words
/// (rules and field names, never personal data).
/// </summary>
public sealed class ServerRefusedException : Exception
{
    public ServerRefusedException()
    {
    }

    public ServerRefusedException(string message) : base(message)
    {
    }

    public ServerRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ServerRefusedException(string message, int status, string? title, string? detail, string? field) : base(message)
    {
        Status = status;
        Title = title;
        Detail = detail;
        Field = field;
    }

    /// <summary>The HTTP status (400, 401, 403, 404, 409, 413, 422…).</summary>
    public int Status { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>The refused request's field the server names (its <c>field</c> extension, or the first of its validation <c>errors</c>).</summary>
    public string? Field { get; }

    /// <summary>The device's credential itself was refused (retired device or revoked token): no command can succeed until it is activated again.</summary>
    public bool CredentialRefused => Status == 401;
}
