using System.Text;
using System.Text.Json;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Privacy;
using Npgsql;
using static MynaEvents.Server.Tests.Privacy.PrivacySamples;

namespace MynaEvents.Server.Tests.Privacy;

public sealed class PersonalDataSealingTests(PrivacyDatabase db) : IClassFixture<PrivacyDatabase>
{
    private readonly TestClock _clock = new(TreatedAt);

    private PersonalDataProtector Protector(MasterKeyRing? ring = null) =>
        new(db.Database.DataSource, ring ?? new MasterKeyRing(NewMasterKey()), _clock);

    [Fact]
    public async Task sealed_personal_data_unseals_to_the_same_fields()
    {
        var protector = Protector();
        var tenant = NewId("group");

        var sealedData = await protector.SealAsync(tenant, "v-1", Deadline, Patient());

        Assert.True(Guid.TryParse(sealedData.KeyId, out _));
        Assert.Equal(Patient(), await protector.UnsealAsync(tenant, "v-1", sealedData));
    }

    [Fact]
    public async Task neither_the_sealed_text_nor_the_key_table_contains_name_kana_birth_date_or_insured_number()
    {
        var protector = Protector();
        var tenant = NewId("group");

        var sealedData = await protector.SealAsync(tenant, "v-plain", Deadline, Patient());

        var patient = Patient();
        string[] secrets = [patient.Name, patient.NameKana, "1957-03-14", patient.InsuredCardSymbol!, patient.InsuredIdentificationNumber!];
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(patient, PersonalDataJson.Sealing.PersonalData);
        var sealedBytes = Convert.FromBase64String(sealedData.Sealed);
        var rowText = await db.Database.ScalarAsync<string>(
            $"select string_agg(k::text, ' ') from myna.data_keys k where tenant_id = '{tenant}'");
        var wrappedKey = await db.Database.ScalarAsync<byte[]>(
            $"select wrapped_key from myna.data_keys where tenant_id = '{tenant}'");
        foreach (var secret in secrets)
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            // The control: unencrypted, these bytes would be found.
            Assert.True(plaintext.AsSpan().IndexOf(bytes) >= 0, $"the plaintext format does not carry '{secret}' as UTF-8");
            Assert.True(sealedBytes.AsSpan().IndexOf(bytes) < 0, $"the ciphertext holds '{secret}' in clear");
            Assert.True(wrappedKey.AsSpan().IndexOf(bytes) < 0, $"the key row holds '{secret}' in clear");
            Assert.DoesNotContain(secret, sealedData.Sealed, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, rowText, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("19570314", rowText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task personal_data_moved_to_another_verification_does_not_unseal()
    {
        var protector = Protector();
        var tenant = NewId("group");
        var first = await protector.SealAsync(tenant, "v-a", Deadline, Patient());
        await protector.SealAsync(tenant, "v-b", Deadline, Patient() with { Name = "佐藤 花子" });

        await Assert.ThrowsAsync<PersonalDataIntegrityException>(() => protector.UnsealAsync(tenant, "v-b", first));
    }

    [Fact]
    public async Task a_key_row_moved_to_another_verification_fails_authentication()
    {
        var protector = Protector();
        var tenant = NewId("group");
        var sealedData = await protector.SealAsync(tenant, "v-moved-from", Deadline, Patient());

        // Someone with write access to the table re-labels the key; the wrapping still names the old owner.
        await db.Database.ExecuteAsync($"update myna.data_keys set verification_id = 'v-moved-to' where tenant_id = '{tenant}'");

        var error = await Assert.ThrowsAsync<PersonalDataIntegrityException>(() => protector.UnsealAsync(tenant, "v-moved-to", sealedData));
        Assert.Contains("failed authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_altered_ciphertext_does_not_unseal()
    {
        var protector = Protector();
        var tenant = NewId("group");
        var sealedData = await protector.SealAsync(tenant, "v-altered", Deadline, Patient());
        var bytes = Convert.FromBase64String(sealedData.Sealed);
        bytes[20] ^= 0x01;

        await Assert.ThrowsAsync<PersonalDataIntegrityException>(() =>
            protector.UnsealAsync(tenant, "v-altered", sealedData with { Sealed = Convert.ToBase64String(bytes) }));
    }

    [Fact]
    public async Task another_tenant_sees_nothing_of_a_tenants_sealed_data()
    {
        var protector = Protector();
        var tenant = NewId("group");
        var sealedData = await protector.SealAsync(tenant, "v-shared-id", Deadline, Patient());

        Assert.Null(await protector.UnsealAsync(NewId("other-group"), "v-shared-id", sealedData));
    }

    [Fact]
    public async Task concurrent_seals_of_one_verification_share_one_key()
    {
        var protector = Protector();
        var tenant = NewId("group");

        var sealedAll = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ =>
            Task.Run(() => protector.SealAsync(tenant, "v-race", Deadline, Patient()))));

        Assert.Equal(1L, await db.KeyRowsAsync(tenant));
        Assert.Single(sealedAll.Select(s => s.KeyId).Distinct());
        foreach (var sealedData in sealedAll)
            Assert.Equal(Patient(), await protector.UnsealAsync(tenant, "v-race", sealedData));
    }

    [Fact]
    public async Task many_verifications_unseal_together_each_to_its_own_data_or_null()
    {
        var protector = Protector();
        var tenant = NewId("group");
        var taro = await protector.SealAsync(tenant, "v-taro", Deadline, Patient());
        var hanako = await protector.SealAsync(tenant, "v-hanako", Deadline, Patient() with { Name = "佐藤 花子", NameKana = "サトウ ハナコ" });
        var expired = await protector.SealAsync(tenant, "v-expired", TreatedAt.AddHours(1), Patient());
        _clock.Now = TreatedAt.AddHours(2);

        var opened = await protector.UnsealManyAsync(tenant, new Dictionary<string, SealedPersonalData>
        {
            ["v-taro"] = taro,
            ["v-hanako"] = hanako,
            ["v-expired"] = expired,
            ["v-late"] = PersonalDataProtector.Shredded,
        });

        Assert.Equal(4, opened.Count);
        Assert.Equal("山田 太郎", opened["v-taro"]?.Name);
        Assert.Equal("サトウ ハナコ", opened["v-hanako"]?.NameKana);
        Assert.Null(opened["v-expired"]);
        Assert.Null(opened["v-late"]);
    }

    [Fact]
    public async Task a_key_row_records_its_deadline_and_the_master_key_that_wrapped_it()
    {
        var ring = new MasterKeyRing(NewMasterKey());
        var protector = Protector(ring);
        var tenant = NewId("group");

        await protector.SealAsync(tenant, "v-row", Deadline, Patient());

        await using var command = db.Database.DataSource.CreateCommand(
            "select kek_id, shred_after, length(wrapped_key) from myna.data_keys where tenant_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(ring.CurrentId, reader.GetString(0));
        Assert.Equal(Deadline, reader.GetFieldValue<DateTimeOffset>(1));
        Assert.Equal(60, reader.GetInt32(2));
    }
}
