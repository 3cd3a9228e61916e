using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace MynaEvents.Server.Features.Verification.Endpoints;

/// <summary>
/// A reception command's answer: 201 with the check as it stands after the command (the same on a
/// resend), or a problem. Declares the 201 for the API description; the problems are the
/// standard ones every command declares.
/// </summary>
public sealed class CheckAnswer(IResult result) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => result.ExecuteAsync(httpContext);

    public static async Task<CheckAnswer> Of(Task<IResult> answer) => new(await answer);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(VerificationResponse), ["application/json"]));
}
