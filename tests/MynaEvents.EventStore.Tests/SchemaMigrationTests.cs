using MynaEvents.EventStore.Schema;
using MynaEvents.Testing;
using Npgsql;

namespace MynaEvents.EventStore.Tests;

public sealed class SchemaMigrationTests : IAsyncLifetime
{
    private readonly string _name = "migrate_" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"create database {_name}", admin);
        await create.ExecuteNonQueryAsync();
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString) { Database = _name }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {_name} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task processes_migrating_an_empty_database_at_once_apply_each_migration_exactly_once()
    {
        using var start = new Barrier(6);
        var starts = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            await new SchemaMigrator(_dataSource).MigrateAsync();
        }));
        await Task.WhenAll(starts);
        await new SchemaMigrator(_dataSource).MigrateAsync(); // and again later: nothing to do

        await using var command = _dataSource.CreateCommand("select version from myna.schema_migrations where module = 'eventstore' order by version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        Assert.Equal(Enumerable.Range(1, MigrationModule.EventStore.LatestVersion), versions);
        Assert.True((await new SchemaMigrator(_dataSource).CheckCurrentAsync()).Current);
    }

    [Fact]
    public async Task a_database_from_before_migration_modules_is_upgraded_in_place()
    {
        // The bookkeeping table as the first release created it: one series, keyed by version.
        await using (var old = _dataSource.CreateCommand(
            "create schema myna; create table myna.schema_migrations (version int primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())"))
            await old.ExecuteNonQueryAsync();
        var first = MigrationModule.EventStore.Migrations[0];
        await using (var applied = _dataSource.CreateCommand($"{first.Sql}; insert into myna.schema_migrations (version, name, checksum) values (1, '{first.Name}', '{first.Checksum}')"))
            await applied.ExecuteNonQueryAsync();

        var other = new MigrationModule("other", [new Migration(1, "0001_other", "create table myna.other_feature (id int)", "c0ffee")]);
        await new SchemaMigrator(_dataSource, [other]).MigrateAsync();

        var versions = await new SchemaMigrator(_dataSource, [other]).CurrentVersionsAsync();
        Assert.Equal(MigrationModule.EventStore.LatestVersion, versions["eventstore"]);
        Assert.Equal(1, versions["other"]);
    }

    [Fact]
    public async Task a_migration_changed_after_it_was_applied_stops_the_start()
    {
        Assert.Equal(0, (await new SchemaMigrator(_dataSource).CurrentVersionsAsync())["eventstore"]);
        await new SchemaMigrator(_dataSource).MigrateAsync();
        await using (var tamper = _dataSource.CreateCommand("update myna.schema_migrations set checksum = 'edited' where module = 'eventstore' and version = 1"))
            await tamper.ExecuteNonQueryAsync();

        var refused = await Assert.ThrowsAsync<SchemaMismatchException>(() => new SchemaMigrator(_dataSource).MigrateAsync());
        Assert.Contains("different contents", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_database_migrated_by_a_newer_build_is_refused()
    {
        await new SchemaMigrator(_dataSource).MigrateAsync();
        await using (var newer = _dataSource.CreateCommand("insert into myna.schema_migrations (module, version, name, checksum) values ('eventstore', 9999, 'future', 'x')"))
            await newer.ExecuteNonQueryAsync();

        var refused = await Assert.ThrowsAsync<SchemaMismatchException>(() => new SchemaMigrator(_dataSource).MigrateAsync());
        Assert.Contains("newer version", refused.Message, StringComparison.Ordinal);
    }
}
