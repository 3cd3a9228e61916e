using System.Security.Cryptography;
using System.Text;
using static MynaEvents.Server.Tests.HttpJson;

namespace MynaEvents.Server.Tests.Security;

public sealed class SecretStorageTests(SecurityServer server) : IClassFixture<SecurityServer>
{
    /// <summary>Every row of every security table, as text: what a backup or a curious operator would see.</summary>
    private Task<string> DumpSecurityTablesAsync() => server.Database.ScalarAsync<string>("""
        select coalesce(string_agg(row_text, E'\n'), '') from (
            select row_to_json(t)::text as row_text from myna.security_people t
            union all select row_to_json(t)::text from myna.security_devices t
            union all select row_to_json(t)::text from myna.security_credentials t
            union all select row_to_json(t)::text from myna.security_activation_codes t
            union all select row_to_json(t)::text from myna.security_challenges t
        ) rows
        """);

    private static string[] Encodings(string secret) =>
    [
        secret,
        secret.Replace("-", "", StringComparison.Ordinal),
        Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret)),
        Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
    ];

    [Fact]
    public async Task tokens_and_activation_codes_are_stored_only_as_hashes_and_never_logged()
    {
        var person = await server.AdminClient().CreatePersonAsync("secrets-a", "reception_staff", "fac-1");
        var code = await server.Devices.NewCodeAsync("secrets-a", "fac-1", "reader-1");
        var activated = await (await server.ActivateAsync(code)).JsonAsync();
        var deviceToken = activated.GetProperty("credential").GetString()!;
        var pendingCode = await server.Devices.NewCodeAsync("secrets-a", "fac-1", "reader-2");
        await server.AskChallengeAsync(deviceToken, "secrets-a", "reader-1");

        var dump = await DumpSecurityTablesAsync();
        var logs = string.Join('\n', server.Logs.Lines);

        foreach (var secret in new[] { person.Token, deviceToken, code, pendingCode, ServerFactory.BootstrapAdminToken })
        foreach (var form in Encodings(secret))
        {
            Assert.DoesNotContain(form, dump, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(form, logs, StringComparison.OrdinalIgnoreCase);
        }
        // The scan does see the rows: the hashes of the same secrets are there.
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(person.Token))), dump, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deviceToken))), dump, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(pendingCode.Replace("-", "", StringComparison.Ordinal)))), dump, StringComparison.Ordinal);
        // The staff member's name is stored (the group needs it) but never logged.
        Assert.Contains("Test reception_staff", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("Test reception_staff", logs, StringComparison.Ordinal);
        Assert.NotEmpty(server.Logs.Lines);
    }

    [Fact]
    public async Task a_personal_access_token_expires_after_90_days()
    {
        var auditor = await server.AdminClient().CreatePersonAsync("secrets-b", "auditor");
        var client = server.CreateClient(auditor.Token);
        Assert.Equal(200, (int)(await client.GetAsync("/api/tenants/secrets-b/people")).StatusCode);

        server.Time.Advance(TimeSpan.FromDays(90) + TimeSpan.FromSeconds(1));

        AssertProblem(await client.GetAsync("/api/tenants/secrets-b/people"), 401);
        Assert.Equal(200, (int)(await server.AdminClient().GetAsync("/api/tenants/secrets-b/people")).StatusCode);
    }
}
