using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MynaEvents.Server.Security.Authorization;

namespace MynaEvents.Server.Security.Authentication;

internal sealed class BearerTokenOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c>: the bootstrap administrator's token,
/// or a person's or device's token looked up by its hash. Its challenge (401) and forbid (403)
/// answer problem+json, so a client sees why it was refused.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<BearerTokenOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    BootstrapAdmin bootstrapAdmin,
    CredentialLookup credentials,
    TimeProvider time,
    IProblemDetailsService problems)
    : AuthenticationHandler<BearerTokenOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "MynaBearer";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Authorization: only the Bearer scheme is accepted ('Authorization: Bearer <token>').");

        var token = header[BearerPrefix.Length..].Trim();
        if (bootstrapAdmin.Matches(token)) return Success(BootstrapAdmin.Subject);
        if (!BearerTokens.IsWellFormed(token))
            return AuthenticateResult.Fail("Authorization: the bearer token is not a MynaEvents token (myna_usr_… or myna_dev_…).");

        var subject = await credentials.FindAsync(BearerTokens.Hash(token), time.GetUtcNow(), Context.RequestAborted);
        return subject is null
            ? AuthenticateResult.Fail("Authorization: the bearer token is unknown, expired or revoked.")
            : Success(subject);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var failure = result.Failure?.Message;
        // RFC 6750: say that a token was presented and refused, without saying more in the header.
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            failure is null ? "Authentication required" : "Invalid bearer token",
            failure ?? "Authorization: this endpoint needs 'Authorization: Bearer <token>' with a person's or a device's token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            ForbiddenReason.Read(Context) ?? "The token is valid but does not allow this operation.");

    private static AuthenticateResult Success(Subject subject) =>
        AuthenticateResult.Success(new AuthenticationTicket(subject.ToPrincipal(), SchemeName));

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = detail,
                Extensions = { ["field"] = "Authorization" },
            },
        });
    }
}
