namespace MynaEvents.Edge.Queue;

/// <summary>
/// Every statement the offline queue runs, apart from the code that runs them. Times are Unix
/// milliseconds (UTC), so comparisons and ordering are plain integer ones.
/// </summary>
internal static class QueueSql
{
    /// <summary>The schema version this build writes; a file with a higher one came from a newer edge.</summary>
    public const int SchemaVersion = 1;

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS queued_commands (
            seq             INTEGER PRIMARY KEY AUTOINCREMENT,
            command_id      TEXT    NOT NULL UNIQUE,
            verification_id TEXT    NOT NULL,
            kind            TEXT    NOT NULL CHECK (kind IN ('card-read', 'identity', 'lookup')),
            payload         TEXT,   -- the request's JSON; cleared when the command is refused
            enqueued_at     INTEGER NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            last_error      TEXT,
            state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'refused')),
            CHECK (state = 'refused' OR payload IS NOT NULL)
        );
        CREATE INDEX IF NOT EXISTS queued_commands_by_state ON queued_commands (state, seq);
        CREATE INDEX IF NOT EXISTS queued_commands_by_verification ON queued_commands (verification_id, seq);

        -- Challenges the server issued ahead for PIN checks while it is unreachable. A taken one
        -- keeps its id (and loses its nonce) until it expires, so it can never be stored or taken again.
        CREATE TABLE IF NOT EXISTS pin_challenges (
            challenge_id TEXT    PRIMARY KEY,
            nonce        TEXT,
            expires_at   INTEGER NOT NULL,
            taken_at     INTEGER,
            CHECK (taken_at IS NOT NULL OR nonce IS NOT NULL)
        );
        CREATE INDEX IF NOT EXISTS pin_challenges_by_expiry ON pin_challenges (expires_at, challenge_id) WHERE taken_at IS NULL;
        """;

    public const string Enqueue = """
        INSERT INTO queued_commands (command_id, verification_id, kind, payload, enqueued_at)
        VALUES ($commandId, $verificationId, $kind, $payload, $enqueuedAt)
        ON CONFLICT (command_id) DO NOTHING
        """;

    public const string SeqOfCommand = "SELECT seq FROM queued_commands WHERE command_id = $commandId";

    public const string PeekPending = """
        SELECT seq, command_id, verification_id, kind, payload, enqueued_at, attempts, last_error
        FROM queued_commands WHERE state = 'pending' ORDER BY seq LIMIT $limit
        """;

    public const string CountPending = "SELECT count(*) FROM queued_commands WHERE state = 'pending'";

    public const string Delete = "DELETE FROM queued_commands WHERE seq = $seq";

    public const string RecordAttempt = "UPDATE queued_commands SET attempts = attempts + 1, last_error = $error WHERE seq = $seq AND state = 'pending'";

    public const string Refuse = """
        UPDATE queued_commands SET state = 'refused', payload = NULL, attempts = attempts + 1, last_error = $reason
        WHERE seq = $seq AND state = 'pending'
        """;

    /// <summary>The commands of the same check after a refused one: they build on it, so they cannot succeed either.</summary>
    public const string RefuseLaterOfVerification = """
        UPDATE queued_commands SET state = 'refused', payload = NULL, last_error = $reason
        WHERE state = 'pending' AND seq > $seq
          AND verification_id = (SELECT verification_id FROM queued_commands WHERE seq = $seq)
        """;

    public const string ListRefused = """
        SELECT seq, command_id, verification_id, kind, enqueued_at, last_error
        FROM queued_commands WHERE state = 'refused' ORDER BY seq LIMIT $limit
        """;

    public const string DismissRefused = "DELETE FROM queued_commands WHERE seq = $seq AND state = 'refused'";

    public const string StoreChallenge = """
        INSERT INTO pin_challenges (challenge_id, nonce, expires_at) VALUES ($challengeId, $nonce, $expiresAt)
        ON CONFLICT (challenge_id) DO NOTHING
        """;

    public const string NextChallenge = """
        SELECT challenge_id, nonce, expires_at FROM pin_challenges
        WHERE taken_at IS NULL AND expires_at > $now ORDER BY expires_at, challenge_id LIMIT 1
        """;

    public const string TakeChallenge = "UPDATE pin_challenges SET nonce = NULL, taken_at = $now WHERE challenge_id = $challengeId AND taken_at IS NULL";

    public const string CountChallenges = "SELECT count(*) FROM pin_challenges WHERE taken_at IS NULL AND expires_at > $now";

    public const string PurgeExpiredChallenges = "DELETE FROM pin_challenges WHERE expires_at <= $now";
}
