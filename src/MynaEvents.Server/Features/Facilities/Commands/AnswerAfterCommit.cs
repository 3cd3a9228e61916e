using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using MynaEvents.Server.Features.Facilities.Contracts;

namespace MynaEvents.Server.Features.Facilities.Commands;

/// <summary>
/// The answer to a command with a side effect outside the event store (an activation code, a
/// revoked credential). Wolverine executes an endpoint's result after it has committed the
/// session, so the side effect runs only once the events are stored — and again on a resend,
/// which is how a side effect that failed after the commit is made good.
/// </summary>
public sealed class AnswerAfterCommit(Func<HttpContext, Task<Results<Created<CommandResponse>, ProblemHttpResult>>> answer)
    : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext) => await (await answer(httpContext)).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Populate<Results<Created<CommandResponse>, ProblemHttpResult>>(method, builder);

    private static void Populate<T>(MethodInfo method, EndpointBuilder builder) where T : IEndpointMetadataProvider => T.PopulateMetadata(method, builder);
}
