namespace MynaEvents.Server.Privacy;

/// <summary>
/// Sealed personal data that does not belong where it is being opened: it was sealed for
/// another verification, or its ciphertext or key row was altered. Never a sign of
/// shredding (shredded data unseals to null); always a bug or tampering.
/// </summary>
public sealed class PersonalDataIntegrityException : Exception
{
    public PersonalDataIntegrityException() { }

    public PersonalDataIntegrityException(string message) : base(message) { }

    public PersonalDataIntegrityException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// A data key was wrapped under a master key this server does not have: the server runs with
/// another <c>MYNA_MASTER_KEY</c> than the one that sealed the data. A configuration error,
/// not shredding, so it is never reported as "data gone".
/// </summary>
public sealed class MasterKeyNotFoundException : Exception
{
    public MasterKeyNotFoundException() { }

    public MasterKeyNotFoundException(string message) : base(message) { }

    public MasterKeyNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
