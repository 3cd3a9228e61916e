using Npgsql;

namespace MynaEvents.Bench;

/// <summary>Typed positional parameters for the seeding SQL.</summary>
internal static class Parameters
{
    public static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    public static NpgsqlParameter<long> Int64(long value) => new() { TypedValue = value };

    public static NpgsqlParameter<int> Int32(int value) => new() { TypedValue = value };
}
