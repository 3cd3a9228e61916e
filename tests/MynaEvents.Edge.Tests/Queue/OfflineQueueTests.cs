using Microsoft.Data.Sqlite;
using MynaEvents.Edge.Queue;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Tests.Queue;

public sealed class OfflineQueueTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 30, 0, TimeSpan.FromHours(9));
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static OutgoingCommand CardRead(string verificationId) => OutgoingCommand.CardRead(verificationId,
        CardReadRequest.Create("fac-1", Now, [0x30, 0x82, 0x01, 0x00], true, "Reader"));

    private static OutgoingCommand Visual(string verificationId) => OutgoingCommand.Identity(verificationId, IdentityRequest.Visual("staff-1", Now));

    private static OutgoingCommand Lookup(string verificationId) => OutgoingCommand.Lookup(verificationId, LookupRequest.Create());

    [Fact]
    public async Task commands_come_back_in_the_order_they_were_queued_after_the_file_is_reopened()
    {
        var queued = new List<OutgoingCommand>();
        await using (var queue = await OfflineQueue.OpenAsync(_data.Path, None))
        {
            for (var i = 0; i < 30; i++)
            {
                var check = $"check-{i % 4}";
                var command = (i / 4) switch { 0 => CardRead(check), 1 => Visual(check), _ => Lookup(check) };
                await queue.EnqueueAsync(command, Now.AddSeconds(i), None);
                queued.Add(command);
            }
        }

        await using var reopened = await OfflineQueue.OpenAsync(_data.Path, None);
        var pending = await reopened.PeekPendingAsync(100, None);

        Assert.Equal(queued.Select(c => c.CommandId), pending.Select(p => p.CommandId));
        Assert.Equal(pending.Select(p => p.Seq).Order(), pending.Select(p => p.Seq));
        Assert.Equal(queued.Select(c => (c.VerificationId, c.Kind, c.Payload)), pending.Select(p => (p.VerificationId, p.Kind, p.Payload)));
        Assert.Equal(Now.AddSeconds(29), pending[^1].EnqueuedAt);
        Assert.Equal(30, await reopened.CountPendingAsync(None));
        Assert.Equal(queued.Take(5).Select(c => c.CommandId), (await reopened.PeekPendingAsync(5, None)).Select(p => p.CommandId));
    }

    [Fact]
    public async Task the_queue_runs_on_a_wal_journal_with_synchronous_full()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);

        var durability = await queue.ReadDurabilityAsync(None);

        Assert.Equal("wal", durability.JournalMode);
        Assert.Equal(QueueDurability.Full, durability.Synchronous);
        Assert.True(durability.IsDurable);
        // WAL is a property of the file: any other connection sees it too.
        await using var other = new SqliteConnection($"Data Source={queue.FilePath};Pooling=False");
        await other.OpenAsync();
        await using var command = other.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task queuing_the_same_command_id_twice_keeps_one_item()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var command = Lookup("check-1");

        var first = await queue.EnqueueAsync(command, Now, None);
        var second = await queue.EnqueueAsync(command, Now.AddMinutes(1), None);

        Assert.Equal(first, second);
        Assert.Equal(1, await queue.CountPendingAsync(None));
    }

    [Fact]
    public async Task a_checks_commands_are_queued_together_in_their_order_or_not_at_all()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var check = new[] { CardRead("check-1"), Visual("check-1"), Lookup("check-1") };

        var seqs = await queue.EnqueueCheckAsync(check, Now, None);
        var broken = new[] { CardRead("check-2"), Visual("check-2") with { Kind = (QueuedCommandKind)99 } };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.EnqueueCheckAsync(broken, Now, None));

        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(check.Select(c => c.CommandId), (await queue.PeekPendingAsync(10, None)).Select(p => p.CommandId));
    }

    [Fact]
    public async Task a_delivered_command_is_gone_and_a_refused_one_keeps_its_reason_but_not_its_payload()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var delivered = await queue.EnqueueAsync(CardRead("check-1"), Now, None);
        var refused = await queue.EnqueueAsync(CardRead("check-2"), Now, None);

        Assert.True(await queue.MarkDeliveredAsync(delivered, None));
        Assert.True(await queue.MarkRefusedAsync(refused, "HTTP 422 refused: certificateDer: not a certificate", None));

        Assert.Equal(0, await queue.CountPendingAsync(None));
        var shown = Assert.Single(await queue.ListRefusedAsync(10, None));
        Assert.Equal((refused, "check-2", QueuedCommandKind.CardRead), (shown.Seq, shown.VerificationId, shown.Kind));
        Assert.Contains("certificateDer", shown.Reason, StringComparison.Ordinal);
        Assert.Equal([(long)refused], await RowsAsync(queue.FilePath, "SELECT seq FROM queued_commands"));
        Assert.Equal([0L], await RowsAsync(queue.FilePath, "SELECT count(*) FROM queued_commands WHERE payload IS NOT NULL"));

        Assert.True(await queue.DismissRefusedAsync(refused, None));
        Assert.Empty(await queue.ListRefusedAsync(10, None));
    }

    [Fact]
    public async Task refusing_a_command_refuses_the_later_commands_of_its_check_and_no_other()
    {
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var a1 = await queue.EnqueueAsync(CardRead("a"), Now, None);
        var b1 = await queue.EnqueueAsync(CardRead("b"), Now, None);
        var a2 = await queue.EnqueueAsync(Visual("a"), Now, None);
        var b2 = await queue.EnqueueAsync(Visual("b"), Now, None);
        var a3 = await queue.EnqueueAsync(Lookup("a"), Now, None);

        var refused = await queue.MarkRefusedWithRestOfVerificationAsync(a2, "HTTP 422 refused: mode", None);

        Assert.Equal(2, refused);
        Assert.Equal([a1, b1, b2], (await queue.PeekPendingAsync(10, None)).Select(p => p.Seq));
        var reasons = (await queue.ListRefusedAsync(10, None)).ToDictionary(r => r.Seq, r => r.Reason);
        Assert.Equal("HTTP 422 refused: mode", reasons[a2]);
        Assert.StartsWith("an earlier command of this check was refused", reasons[a3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_files_a_killed_process_leaves_behind_hold_every_committed_command()
    {
        var copy = System.IO.Path.Combine(_data.Path, "after-kill");
        Directory.CreateDirectory(copy);
        await using var queue = await OfflineQueue.OpenAsync(_data.Path, None);
        var queued = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            var command = Lookup($"check-{i}");
            await queue.EnqueueAsync(command, Now, None);
            queued.Add(command.CommandId);
        }

        // The connection stays open, as in a process killed now: no close, no checkpoint. What is
        // in the files at this moment is all that a restarted edge would find.
        foreach (var suffix in new[] { "", "-wal" })
            File.Copy(queue.FilePath + suffix, System.IO.Path.Combine(copy, OfflineQueue.FileName + suffix));
        Assert.True(new FileInfo(queue.FilePath + "-wal").Length > 0, "the commits should still be in the WAL, not checkpointed");

        await using var restarted = await OfflineQueue.OpenAsync(copy, None);
        Assert.Equal(queued, (await restarted.PeekPendingAsync(100, None)).Select(p => p.CommandId));
    }

    [Fact]
    public async Task the_queue_file_is_readable_only_by_its_owner()
    {
        if (OperatingSystem.IsWindows()) return;
        var directory = System.IO.Path.Combine(_data.Path, "edge-data");
        await using var queue = await OfflineQueue.OpenAsync(directory, None);
        await queue.EnqueueAsync(Lookup("check-1"), Now, None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(queue.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(queue.FilePath + "-wal"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }

    /// <summary>Reads the file with a connection of its own, as another tool (or an auditor) would.</summary>
    internal static async Task<List<long>> RowsAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<long>();
        while (await reader.ReadAsync()) rows.Add(reader.GetInt64(0));
        return rows;
    }
}
