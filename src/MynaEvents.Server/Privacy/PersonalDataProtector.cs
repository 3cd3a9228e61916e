using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using MynaEvents.Domain.Verification;
using Npgsql;

namespace MynaEvents.Server.Privacy;

/// <summary>
/// Seals the personal fields of an eligibility check under that check's own data key and
/// destroys the key at the check's 翌月末 (the end of the month after the treatment month,
/// in JST): crypto-shredding. From the deadline on, the data is unreadable here even before
/// the key row is deleted, and in every copy of the database made after the deletion.
/// </summary>
/// <remarks>
/// No cache of unwrapped keys: every unseal reads its key rows (one round trip, also for
/// many verifications). A deleted key so stops working at once in every process, and no
/// plaintext key outlives the call that needed it. Unwrapping costs microseconds.
/// </remarks>
public sealed class PersonalDataProtector(
    NpgsqlDataSource dataSource, MasterKeyRing masterKeys, TimeProvider time, ILogger<PersonalDataProtector>? logger = null)
{
    /// <summary>The key id of <see cref="Shredded"/>; never a real key id (those are UUIDs).</summary>
    public const string ShreddedKeyId = "shredded";

    /// <summary>
    /// Stands in for personal data sealed when its deadline had already passed (a late check):
    /// no key was created and nothing readable exists. Unsealing it gives null, like any
    /// shredded data, so the caller can still record the check itself.
    /// </summary>
    public static SealedPersonalData Shredded { get; } = new(ShreddedKeyId, "");

    // A whole month of checks shares one 翌月末, so keys fall due in bursts. Bounded deletes
    // keep each transaction short: a long one holds every projection back (ADR 0006).
    private const int ShredBatchSize = 5_000;

    private readonly ILogger _logger = logger ?? NullLogger<PersonalDataProtector>.Instance;

    /// <summary>
    /// Encrypts <paramref name="data"/> under the verification's data key, creating the key on
    /// first use. Concurrent callers for one verification share one key. Returns
    /// <see cref="Shredded"/>, storing nothing, when <paramref name="shredAfter"/> (or the
    /// deadline of the verification's existing key) has passed.
    /// </summary>
    /// <param name="shredAfter">The first instant at which the data must be unreadable (the check's 翌月末 ends).</param>
    public async Task<SealedPersonalData> SealAsync(
        string tenantId, string verificationId, DateTimeOffset shredAfter, PersonalData data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(verificationId);
        ArgumentNullException.ThrowIfNull(data);
        if (shredAfter <= time.GetUtcNow()) return Shredded;

        var key = await GetOrCreateKeyAsync(tenantId, verificationId, shredAfter, cancellationToken);
        if (key is null || key.ShredAfter <= time.GetUtcNow()) return Shredded;

        var dataKey = Unwrap(tenantId, key);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(data, PersonalDataJson.Sealing.PersonalData);
        try
        {
            return new SealedPersonalData(
                key.KeyId.ToString("D"), PersonalDataCipher.Seal(dataKey, tenantId, verificationId, key.KeyId, plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// The personal data, or null when it is shredded: its key is deleted, its deadline has
    /// passed (by <see cref="TimeProvider"/>, whether or not the sweeper ran), or it was
    /// <see cref="Shredded"/> from the start. Data sealed for another tenant is invisible: null.
    /// </summary>
    /// <exception cref="PersonalDataIntegrityException">It was sealed for another verification, or altered.</exception>
    /// <exception cref="MasterKeyNotFoundException">Its key was wrapped under a master key this server lacks.</exception>
    public async Task<PersonalData?> UnsealAsync(
        string tenantId, string verificationId, SealedPersonalData sealedData, CancellationToken cancellationToken = default)
    {
        var opened = await UnsealManyAsync(
            tenantId, new Dictionary<string, SealedPersonalData>(StringComparer.Ordinal) { [verificationId] = sealedData }, cancellationToken);
        return opened[verificationId];
    }

    /// <summary>Below this many openings at once, one thread is quicker than handing work out.</summary>
    private const int ParallelThreshold = 64;

    /// <summary>
    /// <see cref="UnsealAsync"/> for many verifications of one tenant in one round trip (a view
    /// or an export page). Keyed by verification id; every input key is in the result.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, PersonalData?>> UnsealManyAsync(
        string tenantId, IReadOnlyDictionary<string, SealedPersonalData> sealedByVerification, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(sealedByVerification);

        var result = new Dictionary<string, PersonalData?>(sealedByVerification.Count, StringComparer.Ordinal);
        var wanted = new List<(string VerificationId, Guid KeyId, string Sealed)>(sealedByVerification.Count);
        foreach (var (verificationId, sealedData) in sealedByVerification)
        {
            result[verificationId] = null;
            if (sealedData.KeyId == ShreddedKeyId) continue;
            if (!Guid.TryParseExact(sealedData.KeyId, "D", out var keyId))
                throw new PersonalDataIntegrityException(
                    $"The sealed personal data of verification '{verificationId}' names no valid data key id.");
            wanted.Add((verificationId, keyId, sealedData.Sealed));
        }
        if (wanted.Count == 0) return result;

        var keys = await ReadLiveKeysAsync(tenantId, [.. wanted.Select(w => w.KeyId).Distinct()], cancellationToken);
        var opened = new PersonalData?[wanted.Count];
        // Each opening is a key derivation and two AES-GCM decryptions, independent of the
        // others: a rebuild unseals thousands per batch, so they run on every core.
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = wanted.Count < ParallelThreshold ? 1 : -1 };
        try
        {
            Parallel.For(0, wanted.Count, options, i => opened[i] = OpenIfLive(tenantId, keys, wanted[i]));
        }
        catch (AggregateException failed) when (failed.InnerExceptions.Count > 0)
        {
            // Callers see the integrity failure itself, as with one opening.
            ExceptionDispatchInfo.Throw(failed.InnerExceptions[0]);
        }
        for (var i = 0; i < wanted.Count; i++) result[wanted[i].VerificationId] = opened[i];
        return result;
    }

    /// <summary>
    /// Deletes every data key whose deadline is at or before <paramref name="now"/>, in short
    /// transactions; when it returns, no such key is left. Returns how many it deleted.
    /// </summary>
    public async Task<int> ShredDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var command = DataKeyStatements.ShredDue(dataSource, now, ShredBatchSize);
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        } while (deleted == ShredBatchSize);
        if (total > 0) _logger.LogInformation("Shredded {Count} data keys due by {Now:o}", total, now);
        return total;
    }

    private async Task<DataKeyRow?> GetOrCreateKeyAsync(
        string tenantId, string verificationId, DateTimeOffset shredAfter, CancellationToken cancellationToken)
    {
        // A fresh candidate on every call; when another caller's key already exists this one
        // is simply discarded. Cheaper than a separate read first, and race-free.
        var keyId = Guid.NewGuid();
        var candidate = PersonalDataCipher.NewDataKey();
        byte[] wrapped;
        try
        {
            wrapped = PersonalDataCipher.WrapKey(masterKeys.Current, masterKeys.CurrentId, tenantId, verificationId, keyId, candidate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }

        await using var batch = DataKeyStatements.GetOrCreate(dataSource, tenantId, verificationId, keyId, masterKeys.CurrentId, wrapped, shredAfter);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var rows = await DataKeyStatements.ReadRowsAsync(reader, cancellationToken);
        // No row means the sweeper deleted it between the statements: its deadline has passed.
        return rows.Count == 0 ? null : rows[0];
    }

    private async Task<Dictionary<Guid, DataKeyRow>> ReadLiveKeysAsync(string tenantId, Guid[] keyIds, CancellationToken cancellationToken)
    {
        await using var command = DataKeyStatements.ReadLive(dataSource, tenantId, keyIds, time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return (await DataKeyStatements.ReadRowsAsync(reader, cancellationToken)).ToDictionary(row => row.KeyId);
    }

    private byte[] Unwrap(string tenantId, DataKeyRow key)
    {
        if (!masterKeys.TryGet(key.MasterKeyId, out var masterKey))
            throw new MasterKeyNotFoundException(
                $"Data key {key.KeyId} is wrapped under master key {key.MasterKeyId}, but this server has master key {masterKeys.CurrentId}: " +
                $"{MasterKeyConfiguration.Variable} is not the key the data was sealed with.");
        try
        {
            return PersonalDataCipher.UnwrapKey(masterKey, key.MasterKeyId, tenantId, key.VerificationId, key.KeyId, key.WrappedKey);
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new PersonalDataIntegrityException($"Data key {key.KeyId} failed authentication: its row was altered or moved.", exception);
        }
    }

    private PersonalData? OpenIfLive(string tenantId, Dictionary<Guid, DataKeyRow> keys, (string VerificationId, Guid KeyId, string Sealed) wanted)
    {
        if (!keys.TryGetValue(wanted.KeyId, out var key)) return null; // shredded, past its deadline, or not this tenant's
        if (key.VerificationId != wanted.VerificationId)
            throw new PersonalDataIntegrityException(
                $"Sealed personal data under data key {wanted.KeyId} belongs to another verification, not '{wanted.VerificationId}'.");
        return Open(tenantId, wanted.VerificationId, key, wanted.Sealed);
    }

    private PersonalData Open(string tenantId, string verificationId, DataKeyRow key, string sealedText)
    {
        var dataKey = Unwrap(tenantId, key);
        byte[]? plaintext = null;
        try
        {
            plaintext = PersonalDataCipher.Open(dataKey, tenantId, verificationId, key.KeyId, sealedText);
            return JsonSerializer.Deserialize(plaintext, PersonalDataJson.Sealing.PersonalData)
                ?? throw new PersonalDataIntegrityException($"The personal data under data key {key.KeyId} is empty.");
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new PersonalDataIntegrityException(
                $"Sealed personal data under data key {key.KeyId} failed authentication for verification '{verificationId}': it was altered or moved.", exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            if (plaintext is not null) CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
