using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MynaEvents.Server.Errors;

/// <summary>
/// Kestrel answers a request it cannot parse — a request line over its limit (414), a control
/// character such as <c>%00</c> in the path (400), headers over their limit (431), headers that
/// do not arrive in time (408) — itself, before any middleware runs, with an empty body, and it
/// offers no hook to change that answer. This connection middleware gives those answers the
/// same problem+json body as every other error.
/// </summary>
/// <remarks>
/// Kestrel's own rejection has a fixed shape: a status of 400 or more, no Content-Type,
/// <c>Content-Length: 0</c> and <c>Connection: close</c>, written in one flush as the last bytes
/// of the connection. The application never answers an error with an empty body (problem
/// handling gives every error one), so that shape identifies Kestrel's rejections exactly.
/// Every other flush passes through unchanged (one copy of the bytes).
/// </remarks>
internal static class KestrelRejections
{
    public static void RewriteAsProblems(this ListenOptions listen, KestrelServerLimits limits) =>
        listen.Use(next => async connection =>
        {
            var transport = connection.Transport;
            connection.Transport = new Pipe(transport.Input, new RejectionRewriter(transport.Output, limits));
            await next(connection);
        });

    /// <summary>The problem+json answer that replaces Kestrel's empty one, or null when <paramref name="head"/> is not a rejection.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> head, KestrelServerLimits limits)
    {
        if (!head.StartsWith("HTTP/1.1 "u8) || !head.EndsWith("\r\n\r\n"u8)) return null;
        var text = Encoding.Latin1.GetString(head[..^4]);
        var lines = text.Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], out var status) || status < 400) return null;
        var headers = lines.Skip(1).ToList();
        if (!headers.Contains("Content-Length: 0", StringComparer.OrdinalIgnoreCase)
            || !headers.Contains("Connection: close", StringComparer.OrdinalIgnoreCase)
            || headers.Any(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)))
            return null;

        var (field, detail) = Explain(status, limits);
        var title = statusLine.Length == 3 ? statusLine[2] : "Bad Request";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = $"https://tools.ietf.org/html/rfc9110#name-{status}-{title.ToLowerInvariant().Replace(' ', '-')}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = $"{field}: {detail}",
            ["field"] = field,
        });
        var answer = new StringBuilder();
        answer.Append(lines[0]).Append("\r\n");
        answer.Append("Content-Type: application/problem+json\r\n");
        answer.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        foreach (var header in headers.Where(h => !h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
            answer.Append(header).Append("\r\n");
        answer.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(answer.ToString()), .. body];
    }

    private static (string Field, string Detail) Explain(int status, KestrelServerLimits limits) => status switch
    {
        StatusCodes.Status414RequestUriTooLong =>
            ("path", $"the request line (method, path and query) is longer than {limits.MaxRequestLineSize} bytes"),
        StatusCodes.Status431RequestHeaderFieldsTooLarge =>
            ("headers", $"the request headers exceed {limits.MaxRequestHeadersTotalSize} bytes or {limits.MaxRequestHeaderCount} fields"),
        StatusCodes.Status408RequestTimeout =>
            ("headers", $"the request headers did not arrive within {limits.RequestHeadersTimeout.TotalSeconds:0} seconds"),
        StatusCodes.Status411LengthRequired =>
            ("body", "a body needs a Content-Length or chunked transfer encoding"),
        StatusCodes.Status413PayloadTooLarge =>
            ("body", $"the body exceeds {limits.MaxRequestBodySize} bytes"),
        StatusCodes.Status400BadRequest =>
            ("request", "the request line or a header is malformed: for example a control character (such as %00) or a character not allowed in the path, or a header without a colon"),
        _ => ("request", "the request could not be read as HTTP/1.1"),
    };

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>Collects each flush, rewrites it when it is a rejection, and passes it on.</summary>
    private sealed class RejectionRewriter(PipeWriter inner, KestrelServerLimits limits) : PipeWriter
    {
        /// <summary>A rejection head is short; longer flushes are never one and are not parsed.</summary>
        private const int LongestRejection = 512;

        private const int RetainedCapacity = 64 * 1024;

        private ArrayBufferWriter<byte> _pending = new(4096);

        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => _pending.WrittenCount;

        public override void Advance(int bytes) => _pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            PassOn();
            return await inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            PassOn();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            PassOn();
            await inner.CompleteAsync(exception);
        }

        private void PassOn()
        {
            if (_pending.WrittenCount == 0) return;
            var written = _pending.WrittenSpan;
            var rewritten = written.Length <= LongestRejection ? Rewrite(written, limits) : null;
            inner.Write(rewritten ?? written);
            // A large export flush should not pin its buffer for the connection's lifetime.
            if (_pending.Capacity > RetainedCapacity) _pending = new ArrayBufferWriter<byte>(4096);
            else _pending.ResetWrittenCount();
        }
    }
}
