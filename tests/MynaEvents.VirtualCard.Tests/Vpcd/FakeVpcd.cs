using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MynaEvents.VirtualCard.Tests.Vpcd;

/// <summary>
/// The reader side of vpcd, played by the test: listens on a loopback port, takes the card's
/// connection and exchanges length-prefixed frames with it. Like Debian's vpcd it can send a
/// frame's length and payload in two writes without TCP_NODELAY.
/// </summary>
internal sealed class FakeVpcd : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private Socket? _card;

    private FakeVpcd(TcpListener listener) => _listener = listener;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static FakeVpcd Listen(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new FakeVpcd(listener);
    }

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Dispose();
        return port;
    }

    public async Task AcceptCardAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        _card = await _listener.AcceptSocketAsync(timeout.Token);
    }

    public Task SendControlAsync(byte message) => SendAsync([message], splitWrites: false);

    public async Task<byte[]> TransmitAsync(byte[] commandApdu, bool splitWrites = false)
    {
        await SendAsync(commandApdu, splitWrites);
        return await ReceiveFrameAsync() ?? throw new IOException("The card closed the connection instead of answering.");
    }

    public async Task SendAsync(byte[] payload, bool splitWrites)
    {
        var header = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)payload.Length);
        if (splitWrites)
        {
            await Card.SendAsync(header);
            await Card.SendAsync(payload);
        }
        else
        {
            await Card.SendAsync((byte[])[.. header, .. payload]);
        }
    }

    /// <summary>The next frame from the card, or null when the card closed the connection.</summary>
    public async Task<byte[]?> ReceiveFrameAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var header = new byte[2];
        if (!await ReceiveExactlyAsync(header, timeout.Token))
            return null;
        var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        return await ReceiveExactlyAsync(payload, timeout.Token) ? payload : null;
    }

    /// <summary>Closes the connection from the reader's side, as when pcscd stops.</summary>
    public void DropCard() => _card?.Close();

    public ValueTask DisposeAsync()
    {
        _card?.Dispose();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    private Socket Card => _card ?? throw new InvalidOperationException("No card has connected yet.");

    private async Task<bool> ReceiveExactlyAsync(Memory<byte> buffer, CancellationToken ct)
    {
        while (!buffer.IsEmpty)
        {
            var received = await Card.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (received == 0)
                return false;
            buffer = buffer[received..];
        }
        return true;
    }
}
