using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Marten.Events.Daemon.Coordination;
using MynaEvents.Server.Tests.Contract;

namespace MynaEvents.Server.Tests.Security;

/// <summary>
/// Every operation of the API, reads and writes alike, taken from the served description (so a
/// new endpoint joins the matrix by itself): a caller of group B is refused on group A's routes,
/// and on B's own routes nothing of A can be named — not a facility, branch, device, person,
/// application, declaration or check. Nothing is written by any of these requests.
/// </summary>
public sealed class TenantIsolationMatrixTests(SweepOffServer server) : IClassFixture<SweepOffServer>
{
    [Fact]
    public async Task a_caller_of_one_group_neither_acts_on_another_groups_routes_nor_names_its_things_on_its_own()
    {
        var a = await FuzzGroup.CreateAsync(server);
        var b = await FuzzGroup.CreateAsync(server);
        await server.Services.GetRequiredService<IProjectionCoordinator>().StopAsync(CancellationToken.None);
        using var client = server.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var generator = new RequestGenerator(document, new Random(7), b, a, maxBodyBytes: 65536);
        var tables = await TableCounts.CreateAsync(server.Database);
        string[] thingsOfA = [a.Judo, a.Ahaki, a.Device, a.Branch, a.Application, a.Colocation, a.Check, a.Victim];

        var tenantRoutes = generator.Operations.Where(o => o.Path.StartsWith("/api/tenants/{tenantId}", StringComparison.Ordinal)).ToList();
        var (onTheirRoute, namingTheirThings, writes) = (0, 0, 0);
        foreach (var (path, method, operation) in tenantRoutes)
        {
            if (method != "get") writes++;
            // B's people and device on A's route.
            foreach (var caller in FuzzGroup.Callers.Where(c => c != "platform"))
            {
                var request = generator.Build(path, method, operation, route: a, ids: a, Mutation.WellFormed, b.Tokens[caller]);
                await RefusedAsync(client, tables, request, [403]);
                onTheirRoute++;
            }
            // B's own callers, admitted by the operation, on B's route naming A's things: several
            // different bodies each, so that one without any other flaw is among them.
            foreach (var caller in RequestGenerator.Admitted(operation).Where(c => c != "platform"))
            {
                var requests = Enumerable.Range(0, 60)
                    .Select(_ => generator.Build(path, method, operation, route: b, ids: a, Mutation.WellFormed, b.Tokens[caller]))
                    .Where(r => thingsOfA.Any(id => r.Message.RequestUri!.OriginalString.Contains(id, StringComparison.Ordinal)
                                                || r.Body.Contains(id, StringComparison.Ordinal)))
                    .Take(6);
                foreach (var request in requests) // none when the operation names nothing but the group itself
                {
                    await RefusedAsync(client, tables, request, [400, 403, 404, 409, 422]);
                    namingTheirThings++;
                }
            }
        }

        // Every route of a group was tried, the writes among them, from both sides.
        Assert.True(tenantRoutes.Count >= 35, $"{tenantRoutes.Count} tenant routes");
        Assert.True(writes >= 20, $"{writes} writes");
        Assert.Equal(tenantRoutes.Count * (FuzzGroup.Callers.Length - 1), onTheirRoute);
        Assert.True(namingTheirThings >= 30, $"{namingTheirThings} requests named group A's things on group B's routes");
    }

    private static async Task RefusedAsync(HttpClient client, TableCounts tables, GeneratedRequest request, int[] statuses)
    {
        var before = await tables.ReadAsync();
        using var response = await client.SendAsync(request.Message);
        var status = (int)response.StatusCode;
        Assert.True(statuses.Contains(status), $"{request} answered {status}: {await response.Content.ReadAsStringAsync()}");
        var after = await tables.ReadAsync();
        Assert.True(before.All(t => after[t.Key] == t.Value),
            $"{request} was refused with {status} but changed {string.Join(", ", before.Where(t => after[t.Key] != t.Value).Select(t => t.Key))}");
    }
}
