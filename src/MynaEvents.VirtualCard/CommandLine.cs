namespace MynaEvents.VirtualCard;

/// <summary>A command line's wrong use, reported with the usage text and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The "--name value" options and "--flag" switches after a CLI command.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public static CommandLine Parse(IReadOnlyList<string> arguments, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        var line = new CommandLine();
        for (var i = 0; i < arguments.Count; i++)
        {
            var name = arguments[i];
            if (flagOptions.Contains(name))
                line._flags.Add(name);
            else if (valueOptions.Contains(name))
            {
                if (i + 1 >= arguments.Count)
                    throw new UsageException($"{name} needs a value.");
                line._values[name] = arguments[++i];
            }
            else
                throw new UsageException($"Unknown argument '{name}'.");
        }
        return line;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Optional(string option) => _values.GetValueOrDefault(option);

    public string Required(string option) => Optional(option) ?? throw new UsageException($"{option} is required.");

    public int RequiredPort(string option)
    {
        var text = Required(option);
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new UsageException($"{option} must be a TCP port (1-65535), not '{text}'.");
    }
}
