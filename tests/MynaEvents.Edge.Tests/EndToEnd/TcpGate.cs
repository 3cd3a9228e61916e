using System.Net;
using System.Net.Sockets;

namespace MynaEvents.Edge.Tests.EndToEnd;

/// <summary>What the gate does with one answer coming back from the server.</summary>
public enum AnswerFault
{
    /// <summary>Passes it on.</summary>
    Pass,
    /// <summary>
    /// Swallows it and answers 503 instead, closing the connection: the server did the work, the
    /// edge hears "unavailable", as from a proxy or load balancer that gave up on the way back.
    /// </summary>
    Replace503,
    /// <summary>Swallows it and resets the connection: the server did the work, the edge hears nothing.</summary>
    Lose,
}

/// <summary>
/// A real TCP hop between the edge and the server that can drop the network: while closed, every
/// connection, new or open, is reset, as a lost signal on a home visit looks to the edge. It can
/// also spoil the server's next answers (<see cref="SpoilAnswers"/>). The server itself keeps
/// running.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private readonly Queue<AnswerFault> _faults = new();
    private volatile bool _closed;

    public TcpGate(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Drops the network: open connections are reset, new ones too, until <see cref="Open"/>.</summary>
    public void Close()
    {
        _closed = true;
        lock (_lock)
        {
            foreach (var client in _open) Reset(client);
            _open.Clear();
        }
    }

    public void Open() => _closed = false;

    /// <summary>
    /// The server's next answers, one fault each, in order; after them answers pass again. An
    /// answer is the first bytes coming back on a connection after it was idle, which holds for
    /// the small request-answer exchanges of the edge (one request in flight per connection).
    /// </summary>
    public void SpoilAnswers(params AnswerFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        lock (_lock)
        {
            _faults.Clear();
            foreach (var fault in faults) _faults.Enqueue(fault);
        }
    }

    private AnswerFault NextFault()
    {
        lock (_lock) return _faults.TryDequeue(out var fault) ? fault : AnswerFault.Pass;
    }

    private static readonly byte[] Unavailable = UnavailableAnswer();

    private static byte[] UnavailableAnswer()
    {
        const string body = "{\"title\":\"Service Unavailable\",\"status\":503}";
        return System.Text.Encoding.ASCII.GetBytes(
            $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
    }

    /// <summary>
    /// One connection's exchanges. The edge speaks HTTP/1.1 without pipelining: a request is
    /// answered before the next is sent, so bytes going up after an answer began are a new
    /// request, and the first bytes coming back after a request are its answer. Each request
    /// takes the next fault, applied to its answer.
    /// </summary>
    private sealed class Exchanges(TcpGate gate)
    {
        private readonly Lock _lock = new();
        private bool _answerStarted = true;
        private AnswerFault _fault;

        public async Task UpAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                lock (_lock)
                {
                    if (_answerStarted)
                    {
                        _fault = gate.NextFault();
                        _answerStarted = false;
                    }
                }
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }

        public async Task DownAsync(NetworkStream from, TcpClient incoming, CancellationToken ct)
        {
            var buffer = new byte[16 * 1024];
            var to = incoming.GetStream();
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                AnswerFault fault;
                lock (_lock)
                {
                    fault = _answerStarted ? AnswerFault.Pass : _fault;
                    _answerStarted = true;
                }
                switch (fault)
                {
                    case AnswerFault.Lose:
                        Reset(incoming);
                        return;
                    case AnswerFault.Replace503:
                        await to.WriteAsync(Unavailable, ct);
                        return;
                    default:
                        await to.WriteAsync(buffer.AsMemory(0, read), ct);
                        break;
                }
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_closed)
            {
                Reset(incoming);
                continue;
            }
            _ = PipeAsync(incoming);
        }
    }

    private async Task PipeAsync(TcpClient incoming)
    {
        var outgoing = new TcpClient();
        try
        {
            await outgoing.ConnectAsync(_target, _stop.Token);
            lock (_lock)
            {
                _open.Add(incoming);
                _open.Add(outgoing);
            }
            using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var exchanges = new Exchanges(this);
            var up = exchanges.UpAsync(incoming.GetStream(), outgoing.GetStream(), both.Token);
            var down = exchanges.DownAsync(outgoing.GetStream(), incoming, both.Token);
            await Task.WhenAny(up, down);
            await both.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(incoming);
                _open.Remove(outgoing);
            }
            incoming.Dispose();
            outgoing.Dispose();
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.LingerState = new LingerOption(true, 0);
            client.Client.Close(0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Close();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
