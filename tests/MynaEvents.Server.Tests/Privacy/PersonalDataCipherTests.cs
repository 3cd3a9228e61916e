using System.Security.Cryptography;
using System.Text;
using MynaEvents.Server.Privacy;
using static MynaEvents.Server.Tests.Privacy.PrivacySamples;

namespace MynaEvents.Server.Tests.Privacy;

/// <summary>The associated data binds every ciphertext to its tenant, verification and key, even under the same key.</summary>
public sealed class PersonalDataCipherTests
{
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("{\"name\":\"山田 太郎\"}");

    [Fact]
    public void sealed_data_opens_only_for_the_tenant_verification_and_key_it_was_sealed_for()
    {
        var dataKey = PersonalDataCipher.NewDataKey();
        var keyId = Guid.NewGuid();
        var sealedText = PersonalDataCipher.Seal(dataKey, "group-a", "v-1", keyId, Plaintext);

        Assert.Equal(Plaintext, PersonalDataCipher.Open(dataKey, "group-a", "v-1", keyId, sealedText));
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.Open(dataKey, "group-a", "v-2", keyId, sealedText));
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.Open(dataKey, "group-b", "v-1", keyId, sealedText));
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.Open(dataKey, "group-a", "v-1", Guid.NewGuid(), sealedText));
        // Field boundaries count: "group-a" + "v-1" must not equal "group-av" + "-1".
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.Open(dataKey, "group-av", "-1", keyId, sealedText));
    }

    [Fact]
    public void a_wrapped_key_unwraps_only_for_its_own_row_and_master_key_id()
    {
        var masterKey = NewMasterKey();
        var masterKeyId = MasterKeyRing.IdOf(masterKey);
        var dataKey = PersonalDataCipher.NewDataKey();
        var keyId = Guid.NewGuid();
        var wrapped = PersonalDataCipher.WrapKey(masterKey, masterKeyId, "group-a", "v-1", keyId, dataKey);

        Assert.Equal(PersonalDataCipher.WrappedKeySize, wrapped.Length);
        Assert.Equal(dataKey, PersonalDataCipher.UnwrapKey(masterKey, masterKeyId, "group-a", "v-1", keyId, wrapped));
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.UnwrapKey(masterKey, masterKeyId, "group-a", "v-2", keyId, wrapped));
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.UnwrapKey(masterKey, masterKeyId, "group-a", "v-1", Guid.NewGuid(), wrapped));
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.UnwrapKey(masterKey, "0000000000000000", "group-a", "v-1", keyId, wrapped));
    }

    [Fact]
    public void sealing_the_same_data_twice_gives_different_ciphertexts()
    {
        var dataKey = PersonalDataCipher.NewDataKey();
        var keyId = Guid.NewGuid();

        Assert.NotEqual(
            PersonalDataCipher.Seal(dataKey, "group-a", "v-1", keyId, Plaintext),
            PersonalDataCipher.Seal(dataKey, "group-a", "v-1", keyId, Plaintext));
    }
}
