using System.Globalization;
using MynaEvents.Server.Storage;

namespace MynaEvents.Bench;

/// <summary>
/// The one event type the benchmark writes: a few strings and a number, about 300 bytes of
/// JSON, the size of a typical clinic event from an edge node.
/// </summary>
internal sealed record BenchEventRecorded(
    string ClinicId,
    string PatientId,
    string DeviceId,
    string Observation,
    string Note,
    int Amount);

internal static class BenchEvents
{
    public const string TypeName = "BenchEventRecorded";

    /// <summary>Every benchmark stream lives in this tenant; padding rows use another (see TablePadding).</summary>
    public const string Tenant = "bench";

    public const string Observation = "blood pressure 120/80 mmHg, pulse 72 bpm, temperature 36.8 C";

    /// <summary>Free text that brings the payload to about 300 bytes; the event number is appended.</summary>
    public const string NotePrefix =
        "Routine check recorded at the front desk tablet; the patient reported no new symptoms, " +
        "medication unchanged, next visit in six weeks. Event ";

    /// <summary>The .NET type as Marten stores it beside the event's name (mt_dotnet_type).</summary>
    public static readonly string DotnetType = $"{typeof(BenchEventRecorded).FullName}, {typeof(BenchEventRecorded).Assembly.GetName().Name}";

    public static EventTypeRegistry Registry() => new EventTypeRegistry().Register<BenchEventRecorded>(TypeName);

    public static BenchEventRecorded Create(int writer, long number) => new(
        string.Create(CultureInfo.InvariantCulture, $"clinic-{writer % 40:D4}"),
        string.Create(CultureInfo.InvariantCulture, $"patient-{number % 100_000:D6}"),
        string.Create(CultureInfo.InvariantCulture, $"edge-{writer % 12:D2}"),
        Observation,
        NotePrefix + number.ToString(CultureInfo.InvariantCulture),
        (int)(number % 1000));
}
