using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MynaEvents.VirtualCard;

/// <summary>
/// Puts a virtual card into a vpcd reader of a real pcscd. vpcd listens on a TCP port; the card
/// connects to it, and the open connection is the card being in the reader. Frames in both
/// directions are a 2-byte big-endian length and a payload: a 1-byte payload is a control
/// message (00 power off, 01 power on, 02 reset, 04 ATR — only 04 is answered), anything longer
/// is a command APDU answered with the card's response APDU.
/// </summary>
public sealed class VpcdCardConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(10);
    // A connect to a vpcd whose one-deep accept queue is full is not refused but left
    // unanswered, and the kernel would retry the SYN for minutes: bound each attempt.
    private static readonly TimeSpan ConnectAttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromMilliseconds(100);

    private const byte PowerOffMessage = 0x00;
    private const byte PowerOnMessage = 0x01;
    private const byte ResetMessage = 0x02;
    private const byte AtrMessage = 0x04;

    // TCP_QUICKACK (Linux): vpcd writes a frame's length and payload in two writes without
    // TCP_NODELAY, so a delayed ACK from this side stalls every APDU by ~45 ms. The kernel
    // falls back to delayed ACKs after a while, so the option is set again after each receive.
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] QuickAckOn = BitConverter.GetBytes(1);

    private readonly Socket _socket;
    private readonly JpkiCardEmulator _card;
    private readonly TaskCompletionSource _seenByReader = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closed;

    private VpcdCardConnection(Socket socket, JpkiCardEmulator card)
    {
        _socket = socket;
        _card = card;
        Completion = Task.Run(ServeAsync);
    }

    /// <summary>Completes when the card is out of the reader: removed, dropped by a fault, or vpcd went away.</summary>
    public Task Completion { get; }

    /// <summary>
    /// Completes when the reader first talks to the card. vpcd takes one card per reader and
    /// accepts it only when it next polls, so a connected card is not yet a card pcscd sees;
    /// after this, it is. Fails if the card leaves before that.
    /// </summary>
    public Task SeenByReader => _seenByReader.Task;

    /// <summary>
    /// Inserts <paramref name="card"/> into the vpcd reader listening on 127.0.0.1:<paramref name="port"/>,
    /// retrying for about 10 s while nothing listens there yet (pcscd still starting). A reader
    /// holds one card: a second one waits in vpcd's queue until the first is removed (see
    /// <see cref="SeenByReader"/>).
    /// </summary>
    public static async Task<VpcdCardConnection> InsertAsync(JpkiCardEmulator card, int port, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(ConnectAttemptTimeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token);
                return new VpcdCardConnection(socket, card);
            }
            catch (Exception error) when (!ct.IsCancellationRequested
                && error is OperationCanceledException or SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.TimedOut })
            {
                socket.Dispose();
                if (Stopwatch.GetElapsedTime(started) >= ConnectPatience)
                    throw new IOException(
                        $"No vpcd reader took the card on 127.0.0.1:{port} within {ConnectPatience.TotalSeconds:0} s: nothing listens there "
                        + "(start pcscd with infra/pcscd.sh), or another card occupies that reader.",
                        error);
                if (error is SocketException)
                    await Task.Delay(ConnectRetryDelay, ct);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Pulls the card out of the reader: closes the connection (which also ends a pending
    /// receive) and waits until serving has stopped. Calling it again does nothing more.
    /// </summary>
    public Task RemoveAsync()
    {
        Close();
        return Completion;
    }

    public async ValueTask DisposeAsync() => await RemoveAsync();

    private async Task ServeAsync()
    {
        var header = new byte[2];
        var payload = new byte[ushort.MaxValue];
        try
        {
            while (await ReceiveExactlyAsync(header))
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(header);
                var frame = payload.AsMemory(0, length);
                if (!await ReceiveExactlyAsync(frame))
                    return;
                _seenByReader.TrySetResult();
                var answer = Answer(frame.Span);
                frame.Span.Clear(); // a VERIFY frame carries the PIN
                if (_card.ShouldRemoveNow)
                    return;
                // A hung card leaves the reader waiting: nothing goes back.
                if (answer is not null && !(answer.Length == 0 && _card.IsHung))
                    await SendFrameAsync(answer);
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // The connection ended under us: removed, or vpcd closed it. Either way the card is out.
        }
        finally
        {
            Close();
            _seenByReader.TrySetException(new IOException("The card left the reader before vpcd polled it."));
        }
    }

    /// <summary>The frame to send back, or null for the control messages vpcd expects no answer to.</summary>
    private byte[]? Answer(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > 1)
            return _card.Process(frame);
        if (frame.Length == 0)
            return null;
        switch (frame[0])
        {
            case PowerOffMessage:
                _card.PowerOff();
                return null;
            case PowerOnMessage:
                _card.PowerOn();
                return null;
            case ResetMessage:
                _card.Reset();
                return null;
            case AtrMessage:
                return _card.Atr.ToArray();
            default:
                return null;
        }
    }

    private async Task<bool> ReceiveExactlyAsync(Memory<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var received = await _socket.ReceiveAsync(buffer, SocketFlags.None);
            if (received == 0)
                return false;
            RearmQuickAck();
            buffer = buffer[received..];
        }
        return true;
    }

    private async Task SendFrameAsync(byte[] payload)
    {
        if (payload.Length > ushort.MaxValue)
            throw new InvalidOperationException($"A vpcd frame holds at most {ushort.MaxValue} bytes; the card answered {payload.Length}.");
        // Length and payload in one write, so the reader never waits for the second half.
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        ReadOnlyMemory<byte> remaining = frame;
        while (!remaining.IsEmpty)
        {
            var sent = await _socket.SendAsync(remaining, SocketFlags.None);
            remaining = remaining[sent..];
        }
    }

    /// <summary>How often TCP_QUICKACK was set again after a receive (Linux only): the latency guard, observable.</summary>
    internal int QuickAckRearms => Volatile.Read(ref _quickAckRearms);

    private int _quickAckRearms;

    private void RearmQuickAck()
    {
        if (!OperatingSystem.IsLinux()) return;
        _socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, QuickAckOn);
        Interlocked.Increment(ref _quickAckRearms);
    }

    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already disconnected by the other side.
        }
        _socket.Dispose();
    }
}
