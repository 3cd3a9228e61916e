using System.Security.Cryptography;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Storage.Schema;
using MynaEvents.Server.Privacy;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Privacy;

/// <summary>A database of its own with the event store and the privacy module migrated.</summary>
public sealed class PrivacyDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await new SchemaMigrator(Database.DataSource, [PrivacyRegistration.Migrations]).MigrateAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();

    public Task<long> KeyRowsAsync(string tenantId) =>
        Database.ScalarAsync<long>($"select count(*) from myna.data_keys where tenant_id = '{tenantId}'");
}

/// <summary>A clock the test sets.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

public static class PrivacySamples
{
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>A check on 2025-06-10 JST; its 翌月末 ends at 2025-08-01 00:00 JST.</summary>
    public static readonly DateTimeOffset TreatedAt = new(2025, 6, 10, 10, 30, 0, Jst);

    public static readonly DateTimeOffset Deadline = new(2025, 8, 1, 0, 0, 0, Jst);

    public static PersonalData Patient() => new(
        Name: "山田 太郎",
        NameKana: "ヤマダ タロウ",
        BirthDate: new DateOnly(1957, 3, 14),
        InsuredCardSymbol: "記号ABC987",
        InsuredIdentificationNumber: "31415926",
        InsuredBranchNumber: "07");

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static byte[] NewMasterKey() => RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
}

public sealed class TestEnvironment(string environmentName, string contentRootPath) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;
    public string ApplicationName { get; set; } = "MynaEvents.Server";
    public string ContentRootPath { get; set; } = contentRootPath;
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
