using System.Globalization;
using System.Security.Claims;
using MynaEvents.Domain.Time;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Hosting;
using MynaEvents.Server.Security;

namespace MynaEvents.Server.Features.AccessRecords;

/// <summary>
/// Appends access records (閲覧記録) to one stream per facility and JST day,
/// <c>access-{facilityId}-{yyyy-MM-dd}</c>. Appends with <see cref="ExpectedVersion.Any"/> and a
/// fresh command id: concurrent readers never conflict, and every read is its own record.
/// The record is written before the response is sent; if it cannot be written the request fails
/// rather than hand out personal data unrecorded.
/// </summary>
public sealed class AccessRecorder(EventStreams store, TimeProvider time)
{
    /// <summary>The access stream of a facility for the JST day of <paramref name="instant"/>.</summary>
    public static string StreamOf(string facilityId, DateTimeOffset instant) =>
        $"access-{facilityId}-{JapanTime.DateOf(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Records that the personal fields of <paramref name="checkIds"/> were returned; nothing when none were.</summary>
    public async Task RecordReadAsync(string tenantId, string facilityId, string purpose, IReadOnlyList<string> checkIds, ClaimsPrincipal user, CancellationToken ct)
    {
        if (checkIds.Count == 0) return;
        var now = time.GetUtcNow();
        await AppendAsync(tenantId, facilityId, now, new PersonalDataRead(Actor(user), user.Role(), purpose, facilityId, [.. checkIds], now), user, ct);
    }

    /// <summary>Records an export, including one that found nothing to export.</summary>
    public async Task RecordExportAsync(string tenantId, string facilityId, string month, string format, IReadOnlyList<string> checkIds, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await AppendAsync(tenantId, facilityId, now, new ReceiptExported(Actor(user), user.Role(), facilityId, month, format, [.. checkIds], now), user, ct);
    }

    private static string Actor(ClaimsPrincipal user) => user.SubjectId() ?? "unknown";

    private Task<AppendResult> AppendAsync(string tenantId, string facilityId, DateTimeOffset now, object @event, ClaimsPrincipal user, CancellationToken ct) =>
        store.AppendAsync(tenantId, StreamOf(facilityId, now), ExpectedVersion.Any, @event, new AppendOptions
        {
            Actor = Actor(user),
            DeviceId = user.DeviceId(),
            OccurredAt = now,
        }, ct);
}

/// <summary>The stored names of the access records. A name, once written, never changes.</summary>
internal sealed class AccessEventTypes : IEventTypeRegistration
{
    public void Register(EventTypeRegistry registry) => registry
        .Register<PersonalDataRead>("PersonalDataRead")
        .Register<ReceiptExported>("ReceiptExported");
}
