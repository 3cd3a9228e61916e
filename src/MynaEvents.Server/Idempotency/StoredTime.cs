namespace MynaEvents.Server.Idempotency;

internal static class StoredTime
{
    /// <summary>
    /// The instant as PostgreSQL keeps it (microseconds), so that a first answer and the answer
    /// to its resend, read back from the database, agree to the digit.
    /// </summary>
    public static DateTimeOffset AsStored(this DateTimeOffset instant) =>
        new(instant.Ticks - instant.Ticks % 10, instant.Offset);
}
