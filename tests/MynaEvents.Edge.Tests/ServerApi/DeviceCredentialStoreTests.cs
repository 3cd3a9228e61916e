using MynaEvents.Edge.ServerApi;
using MynaEvents.Edge.Tests.Queue;

namespace MynaEvents.Edge.Tests.ServerApi;

public sealed class DeviceCredentialStoreTests : IDisposable
{
    private static readonly DeviceCredential Credential = new("tenant-1", "dev-1", "fac-1", "myna_dev_0123456789abcdef0123456789abcdef");
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task a_saved_credential_is_loaded_back_and_a_device_never_activated_has_none()
    {
        var store = new DeviceCredentialStore(Path.Combine(_data.Path, "edge"));
        Assert.Null(await store.LoadAsync(CancellationToken.None));

        await store.SaveAsync(Credential, CancellationToken.None);

        Assert.Equal(Credential, await new DeviceCredentialStore(Path.Combine(_data.Path, "edge")).LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task replacing_the_credential_leaves_one_file_readable_only_by_its_owner()
    {
        var store = new DeviceCredentialStore(_data.Path);
        await store.SaveAsync(Credential, CancellationToken.None);

        await store.SaveAsync(Credential with { Token = "myna_dev_new" }, CancellationToken.None);

        Assert.Equal("myna_dev_new", (await store.LoadAsync(CancellationToken.None))!.Token);
        Assert.Equal([DeviceCredentialStore.FileName], Directory.GetFiles(_data.Path).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
    }

    [Fact]
    public async Task a_credential_file_others_could_read_is_narrowed_when_loaded()
    {
        if (OperatingSystem.IsWindows()) return;
        var store = new DeviceCredentialStore(_data.Path);
        await store.SaveAsync(Credential, CancellationToken.None);
        File.SetUnixFileMode(store.FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await store.LoadAsync(CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
    }

    [Fact]
    public async Task a_damaged_file_is_reported_without_its_content()
    {
        var store = new DeviceCredentialStore(_data.Path);
        await File.WriteAllTextAsync(store.FilePath, "{\"token\":\"myna_dev_half-written");

        var damaged = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync(CancellationToken.None));

        Assert.Contains("activate the device again", damaged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("myna_dev_half", damaged.ToString(), StringComparison.Ordinal);
    }
}
