using MynaEvents.Server.Privacy;
using static MynaEvents.Server.Tests.Privacy.PrivacySamples;

namespace MynaEvents.Server.Tests.Privacy;

/// <summary>Each test gets a database of its own: shredding deletes every due key, whatever test wrote it.</summary>
public sealed class PersonalDataShreddingTests : IAsyncLifetime, IDisposable
{
    private readonly PrivacyDatabase _db = new();
    private readonly TestClock _clock = new(TreatedAt);
    private readonly MasterKeyRing _masterKeys = new(NewMasterKey());

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    public void Dispose() => _masterKeys.Dispose();

    private PersonalDataProtector Protector(TimeProvider? clock = null) => new(_db.Database.DataSource, _masterKeys, clock ?? _clock);

    [Fact]
    public async Task after_shredding_the_data_is_unreadable_and_no_key_row_remains()
    {
        var protector = Protector();
        var sealedData = await protector.SealAsync("group-s", "v-1", Deadline, Patient());

        Assert.Equal(1, await protector.ShredDueAsync(Deadline));

        Assert.Equal(0L, await _db.KeyRowsAsync("group-s"));
        // Even a clock still before the deadline cannot read it back: the key itself is gone.
        Assert.Null(await Protector(new TestClock(TreatedAt)).UnsealAsync("group-s", "v-1", sealedData));
    }

    [Fact]
    public async Task shredding_deletes_only_the_keys_that_are_due()
    {
        var protector = Protector();
        var june = await protector.SealAsync("group-s", "v-june", Deadline, Patient());
        var july = await protector.SealAsync("group-s", "v-july", Deadline.AddMonths(1), Patient());

        Assert.Equal(0, await protector.ShredDueAsync(Deadline.AddTicks(-1)));
        Assert.Equal(1, await protector.ShredDueAsync(Deadline));

        _clock.Now = Deadline.AddDays(-1);
        Assert.Null(await protector.UnsealAsync("group-s", "v-june", june));
        Assert.Equal(Patient(), await protector.UnsealAsync("group-s", "v-july", july));
        Assert.Equal(1L, await _db.KeyRowsAsync("group-s"));
    }

    [Fact]
    public async Task data_is_unreadable_from_its_deadline_in_JST_even_before_the_sweeper_runs()
    {
        var protector = Protector();
        var sealedData = await protector.SealAsync("group-s", "v-1", Deadline, Patient());

        // 2025-08-01 00:00 JST is 2025-07-31 15:00 UTC.
        _clock.Now = new DateTimeOffset(2025, 7, 31, 14, 59, 59, TimeSpan.Zero);
        Assert.Equal(Patient(), await protector.UnsealAsync("group-s", "v-1", sealedData));

        _clock.Now = new DateTimeOffset(2025, 7, 31, 15, 0, 0, TimeSpan.Zero);
        Assert.Null(await protector.UnsealAsync("group-s", "v-1", sealedData));
        Assert.Equal(1L, await _db.KeyRowsAsync("group-s"));
    }

    [Fact]
    public async Task a_check_sealed_after_its_deadline_stores_nothing_readable()
    {
        var protector = Protector();
        _clock.Now = Deadline.AddMinutes(5);

        var sealedData = await protector.SealAsync("group-s", "v-late", Deadline, Patient());

        Assert.Equal(PersonalDataProtector.Shredded, sealedData);
        Assert.Equal("", sealedData.Sealed);
        Assert.Equal(0L, await _db.KeyRowsAsync("group-s"));
        Assert.Null(await protector.UnsealAsync("group-s", "v-late", sealedData));
    }

    [Fact]
    public async Task a_verification_whose_key_has_expired_seals_nothing_new_even_with_a_later_deadline()
    {
        var protector = Protector();
        await protector.SealAsync("group-s", "v-1", Deadline, Patient());
        _clock.Now = Deadline.AddHours(1);

        var sealedData = await protector.SealAsync("group-s", "v-1", Deadline.AddMonths(1), Patient());

        Assert.Equal(PersonalDataProtector.Shredded, sealedData);
    }

    [Fact]
    public async Task a_later_seal_can_bring_the_deadline_forward_but_never_push_it_back()
    {
        var protector = Protector();
        var first = await protector.SealAsync("group-s", "v-1", Deadline, Patient());
        await protector.SealAsync("group-s", "v-1", Deadline.AddMonths(3), Patient());

        _clock.Now = Deadline;
        Assert.Null(await protector.UnsealAsync("group-s", "v-1", first));

        _clock.Now = TreatedAt;
        var earlier = Deadline.AddDays(-10);
        await protector.SealAsync("group-s", "v-1", earlier, Patient());
        _clock.Now = earlier;
        Assert.Null(await protector.UnsealAsync("group-s", "v-1", first));
    }

    [Fact]
    public async Task shredding_a_large_month_end_burst_leaves_no_due_key()
    {
        var protector = Protector();
        // More than one delete batch (5,000) falls due at the same instant.
        await _db.Database.ExecuteAsync($"""
            insert into myna.data_keys (key_id, tenant_id, verification_id, kek_id, wrapped_key, shred_after)
            select gen_random_uuid(), 'group-burst', 'v-' || n, 'kek', decode(repeat('00', 60), 'hex'), '{Deadline.UtcDateTime:O}'
            from generate_series(1, 12345) n
            """);

        Assert.Equal(12345, await protector.ShredDueAsync(Deadline));
        Assert.Equal(0L, await _db.KeyRowsAsync("group-burst"));
    }
}
