using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using MynaEvents.Server.Privacy;
using Npgsql;
using static MynaEvents.Server.Tests.Privacy.PrivacySamples;

namespace MynaEvents.Server.Tests.Privacy;

public sealed class MasterKeyTests(PrivacyDatabase db) : IClassFixture<PrivacyDatabase>
{
    private readonly TestClock _clock = new(TreatedAt);

    [Fact]
    public async Task the_key_table_holds_only_wrapped_keys_that_need_the_master_key()
    {
        var masterKey = NewMasterKey();
        var ring = new MasterKeyRing(masterKey);
        var tenant = NewId("group");
        var sealedData = await new PersonalDataProtector(db.Database.DataSource, ring, _clock).SealAsync(tenant, "v-1", Deadline, Patient());
        var (keyId, wrapped) = await ReadKeyRowAsync(tenant);

        // With the master key the row yields the data key, and that key opens the sealed data ...
        var dataKey = PersonalDataCipher.UnwrapKey(masterKey, ring.CurrentId, tenant, "v-1", keyId, wrapped);
        var json = Encoding.UTF8.GetString(PersonalDataCipher.Open(dataKey, tenant, "v-1", keyId, sealedData.Sealed));
        Assert.Contains("山田 太郎", json, StringComparison.Ordinal);

        // ... but the row never holds that key in clear, and no part of it opens the data.
        Assert.True(wrapped.AsSpan().IndexOf(dataKey) < 0, "the data key is stored in clear");
        for (var offset = 0; offset + PersonalDataCipher.DataKeySize <= wrapped.Length; offset++)
        {
            var candidate = wrapped.AsSpan(offset, PersonalDataCipher.DataKeySize).ToArray();
            Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.Open(candidate, tenant, "v-1", keyId, sealedData.Sealed));
        }
    }

    [Fact]
    public async Task a_wrong_master_key_cannot_unwrap_a_data_key()
    {
        var ring = new MasterKeyRing(NewMasterKey());
        var tenant = NewId("group");
        await new PersonalDataProtector(db.Database.DataSource, ring, _clock).SealAsync(tenant, "v-1", Deadline, Patient());
        var (keyId, wrapped) = await ReadKeyRowAsync(tenant);

        // Even a forged ring that claims the right master key id fails authentication.
        Assert.ThrowsAny<CryptographicException>(() =>
            PersonalDataCipher.UnwrapKey(NewMasterKey(), ring.CurrentId, tenant, "v-1", keyId, wrapped));
    }

    [Fact]
    public async Task a_server_started_with_another_master_key_refuses_to_unseal_and_says_why()
    {
        var tenant = NewId("group");
        var original = new MasterKeyRing(NewMasterKey());
        var sealedData = await new PersonalDataProtector(db.Database.DataSource, original, _clock).SealAsync(tenant, "v-1", Deadline, Patient());
        var other = new MasterKeyRing(NewMasterKey());

        var error = await Assert.ThrowsAsync<MasterKeyNotFoundException>(() =>
            new PersonalDataProtector(db.Database.DataSource, other, _clock).UnsealAsync(tenant, "v-1", sealedData));

        Assert.Contains(original.CurrentId, error.Message, StringComparison.Ordinal);
        Assert.Contains(MasterKeyConfiguration.Variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_retired_master_key_still_unwraps_what_it_wrapped()
    {
        var tenant = NewId("group");
        var oldKey = NewMasterKey();
        var sealedData = await new PersonalDataProtector(db.Database.DataSource, new MasterKeyRing(oldKey), _clock).SealAsync(tenant, "v-1", Deadline, Patient());

        var rotated = new MasterKeyRing(NewMasterKey(), [oldKey]);

        Assert.Equal(Patient(), await new PersonalDataProtector(db.Database.DataSource, rotated, _clock).UnsealAsync(tenant, "v-1", sealedData));
    }

    [Fact]
    public void the_configured_master_key_is_the_one_used()
    {
        var masterKey = NewMasterKey();

        using var ring = Load(new() { [MasterKeyConfiguration.Variable] = Convert.ToBase64String(masterKey) }, "Production", "/nonexistent");

        Assert.Equal(MasterKeyRing.IdOf(masterKey), ring.CurrentId);
    }

    [Fact]
    public void outside_development_a_missing_master_key_stops_the_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load([], "Production", "/nonexistent"));

        Assert.Contains(MasterKeyConfiguration.Variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_master_key_of_the_wrong_length_is_refused_without_echoing_it()
    {
        var tooShort = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

        var error = Assert.Throws<InvalidOperationException>(() =>
            Load(new() { [MasterKeyConfiguration.Variable] = tooShort }, "Production", "/nonexistent"));

        Assert.Contains("16 bytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(tooShort, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task in_development_one_generated_master_key_is_kept_owner_only_and_reused()
    {
        var root = Directory.CreateTempSubdirectory("myna-privacy-").FullName;
        try
        {
            // Servers starting together must all end up with the same key.
            var rings = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Load([], "Development", root))));
            using var again = Load([], "Development", root);

            Assert.Single(rings.Select(r => r.CurrentId).Append(again.CurrentId).Distinct());
            var file = Path.Combine(root, MasterKeyConfiguration.DevelopmentKeyFile);
            Assert.Equal(MasterKeyRing.KeySize, Convert.FromBase64String(await File.ReadAllTextAsync(file)).Length);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!));
            foreach (var ring in rings) ring.Dispose();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static MasterKeyRing Load(Dictionary<string, string?> settings, string environment, string contentRoot) =>
        MasterKeyConfiguration.Load(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            new TestEnvironment(environment, contentRoot),
            NullLogger.Instance);

    private async Task<(Guid KeyId, byte[] Wrapped)> ReadKeyRowAsync(string tenant)
    {
        await using var command = db.Database.DataSource.CreateCommand("select key_id, wrapped_key from myna.data_keys where tenant_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetGuid(0), reader.GetFieldValue<byte[]>(1));
    }
}
