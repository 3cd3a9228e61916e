using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.Pcsc;

/// <summary>
/// Third-party middleware against the virtual card: OpenSC's own tools and its JPKI driver,
/// through the same pcscd, reader D. If OpenSC's view of the card drifted from a real card's
/// (file layout, which file needs which PIN, the two counters), these tests say so. They live
/// here, not beside the emulator's tests, because this project owns the pcscd fixture.
/// </summary>
[Collection(PcscCollectionDefinition.Name)]
[SuppressMessage("Design", "CA1001", Justification = "xunit 2 disposes test classes through IAsyncLifetime.")]
public sealed class OpenScThroughPcscdTests(PcscFixture pcscd) : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly string[] ToolDirectories = ["/usr/bin", "/usr/local/bin"];

    // OpenSC reads the signing side (that is what is being checked); the edge never may.
    private readonly VirtualCardSlot _slot = new(pcscd.Reader('D')) { AllowSigningSide = true };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _slot.DisposeAsync();

    /// <summary>Runs an OpenSC tool on the test's reader; a machine without OpenSC fails the test, saying what to install.</summary>
    private async Task<string> OpenScAsync(string tool, params string[] arguments)
    {
        var path = ToolDirectories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
            ?? throw new Xunit.Sdk.XunitException(
                $"OpenSC's {tool} is not installed: install Debian's 'opensc' package (apt-get install -y opensc). These tests must not be skipped.");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--reader");
        start.ArgumentList.Add(_slot.Reader.Name);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(HangGuard);
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}{await errors}");
        return await output;
    }

    [Fact]
    public async Task opensc_recognises_the_virtual_card_as_a_jpki_card()
    {
        await _slot.InsertAsync();

        Assert.Equal("jpki", (await OpenScAsync("opensc-tool", "--name")).Trim());
    }

    [Fact]
    public async Task opensc_lists_all_four_certificates_with_the_signing_one_private()
    {
        var (emulator, card) = await _slot.InsertAsync();

        var listed = await OpenScAsync("pkcs15-tool", "--list-certificates");

        var certificates = listed.Split("X.509 Certificate [", StringSplitOptions.RemoveEmptyEntries).ToDictionary(
            block => block[..block.IndexOf(']', StringComparison.Ordinal)], block => block);
        Assert.Equal(
            ["User Authentication Certificate", "Digital Signature Certificate", "User Authentication Certificate CA", "Digital Signature Certificate CA"],
            certificates.Keys);
        Assert.Contains("Path           : 000a", certificates["User Authentication Certificate"], StringComparison.Ordinal);
        Assert.Contains("Path           : 0001", certificates["Digital Signature Certificate"], StringComparison.Ordinal);
        Assert.Contains("private", certificates["Digital Signature Certificate"], StringComparison.Ordinal);
        Assert.Contains("Authority      : yes", certificates["Digital Signature Certificate CA"], StringComparison.Ordinal);
        // The public ones were read (OpenSC prints their serials); the signing one was refused without its password.
        Assert.Contains(card.Certificate.SerialNumber, certificates["User Authentication Certificate"].Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Encoded serial", certificates["Digital Signature Certificate"], StringComparison.Ordinal);
        Assert.Contains(emulator.Log, e => e.SelectedId == "0001");
        Assert.Contains(emulator.Log, e => e.Ins == 0xB0 && e.StatusWord == 0x6982);
    }

    [Fact]
    public async Task opensc_sees_the_pin_and_the_signing_password_with_their_own_counters()
    {
        await _slot.InsertAsync(new JpkiCardOptions { PinTries = 2, SigningPasswordTries = 4 });

        var pins = await OpenScAsync("pkcs15-tool", "--list-pins");

        var blocks = pins.Split("PIN [", StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(2, blocks.Count);
        Assert.StartsWith("User Authentication PIN]", blocks[0], StringComparison.Ordinal);
        Assert.Contains("Tries left     : 2", blocks[0], StringComparison.Ordinal);
        Assert.StartsWith("Digital Signature PIN]", blocks[1], StringComparison.Ordinal);
        Assert.Contains("Tries left     : 4", blocks[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task opensc_reads_out_the_user_authentication_certificate_exactly()
    {
        var (_, card) = await _slot.InsertAsync();

        var pem = await OpenScAsync("pkcs15-tool", "--read-certificate", "01");

        using var read = X509Certificate2.CreateFromPem(pem);
        Assert.Equal(card.CertificateDer, read.RawData);
    }
}
