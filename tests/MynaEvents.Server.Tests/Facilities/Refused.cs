using System.Text.Json;

namespace MynaEvents.Server.Tests.Facilities;

internal static class Refused
{
    /// <summary>A problem+json with the status, naming the field and the rule, its detail starting with the field.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, int status, string field, string? rule = null)
    {
        HttpJson.AssertProblem(response, status);
        var problem = await response.JsonAsync();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        if (rule is not null) Assert.Equal(rule, problem.GetProperty("rule").GetString());
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }

    /// <summary>Sends a command that must be refused and proves the group's event count did not move.</summary>
    public static async Task<JsonElement> NothingWrittenAsync(FacilitiesApi api, Func<Task<HttpResponseMessage>> send, int status, string field, string? rule = null)
    {
        var before = await api.EventCountAsync();
        var problem = await AssertAsync(await send(), status, field, rule);
        Assert.Equal(before, await api.EventCountAsync());
        return problem;
    }
}
