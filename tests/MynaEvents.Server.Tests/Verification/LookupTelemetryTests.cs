using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MynaEvents.Server.EligibilityGateway;
using MynaEvents.Server.Tests.EligibilityGateway;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Verification;

/// <summary>One reception check's lookup, followed through the server's tracing pipeline.</summary>
public sealed class LookupTelemetryTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private const string Tenant = "group-traced";
    private const string Facility = "fac-judo-traced";

    [Fact]
    public async Task a_lookups_trace_holds_the_request_its_sql_and_the_call_to_the_eligibility_system_beneath_it()
    {
        var (device, _) = await fixture.DeviceAsync(Tenant, Facility);
        using var card = fixture.Authority.IssueCard();
        await fixture.Simulator.AddPersonAsync(SimulatorFixture.SamplePerson("1"), card.Certificate.SerialNumber);
        var route = $"/api/tenants/{Tenant}/verifications/{Guid.NewGuid()}";
        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(route + "/card-read", new
        {
            commandId = Guid.NewGuid(),
            treatedAtFacilityId = Facility,
            occurredAt = DateTimeOffset.UtcNow,
            certificateDer = Convert.ToBase64String(card.CertificateDer),
            readerSupportsExtendedApdu = true,
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await device.PostAsJsonAsync(route + "/identity",
            new { commandId = Guid.NewGuid(), mode = "visual", staffId = "staff-1", occurredAt = DateTimeOffset.UtcNow })).StatusCode);

        var (traceId, callerSpanId) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        using var lookup = new HttpRequestMessage(HttpMethod.Post, route + "/lookup") { Content = JsonContent.Create(new { commandId = Guid.NewGuid() }) };
        lookup.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        Assert.Equal(HttpStatusCode.Created, (await device.SendAsync(lookup)).StatusCode);

        // Listeners are process-wide (the simulator's own request span lands here too): keep this trace, and find the server's request by its caller.
        await Eventually.TrueAsync(() => fixture.Server.Spans.Any(s => s.TraceId == traceId && s.ParentSpanId == callerSpanId), "the request span ended");
        var spans = fixture.Server.Spans.Where(s => s.TraceId == traceId).ToList();
        var request = Assert.Single(spans, s => s.ParentSpanId == callerSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal("/api/tenants/{tenantId}/verifications/{verificationId}/lookup", request.GetTagItem("http.route"));
        Assert.Equal(201, request.GetTagItem("http.response.status_code"));
        var eligibility = Assert.Single(spans, s => s.Source.Name == EligibilityTelemetry.Name);
        Assert.True(Descends(eligibility, request, spans), "the eligibility lookup is part of the request");
        var upstream = Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == eligibility.SpanId);
        Assert.Equal("System.Net.Http", upstream.Source.Name);
        Assert.Equal(200, upstream.GetTagItem("http.response.status_code"));
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && Descends(s, request, spans));
    }

    private static bool Descends(Activity span, Activity ancestor, List<Activity> spans)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId) return true;
            var next = spans.Find(s => s.SpanId == parent);
            if (next is null) return false;
            parent = next.ParentSpanId;
        }
        return false;
    }
}
