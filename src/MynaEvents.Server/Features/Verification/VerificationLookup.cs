using System.Security.Claims;
using JasperFx.Events;
using Marten;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.EligibilityGateway;
using MynaEvents.Server.Privacy;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// Asks the national eligibility system about a check's card and records the answer. Every
/// upstream trouble becomes an EligibilityLookupFailed event the edge can retry from (until
/// 翌月末), never a 500 and never a lost card read.
/// </summary>
public sealed class VerificationLookup(
    VerificationCommands commands,
    VerificationAccess access,
    IEligibilityGateway gateway,
    PersonalDataProtector protector,
    TimeProvider time)
{
    internal async Task<IResult> LookUpAsync(string tenantId, string verificationId, LookupRequest request, ClaimsPrincipal user, HttpContext http,
        IEventStream<CheckWriteModel> stream, IDocumentSession session, CancellationToken ct)
    {
        var errors = VerificationInput.Check(verificationId, request.CommandId);
        if (errors.Count > 0) return VerificationInput.Invalid(errors);
        // A resend after a timeout answers from the log: the national system is not asked twice.
        var check = CheckWriteModel.Loaded(stream.Aggregate);
        if (await commands.ResendAsync(tenantId, verificationId, request.CommandId!.Value, VerificationStep.Lookup, user, http, ct, check,
                sideEffectsBeforeAppend: true) is { } resent) return resent;

        var model = check.Model;
        if (model.Card is null) return VerificationInput.NotFound(verificationId);
        if (!await access.MayContinueAsync(user, tenantId, model, ct))
            return VerificationInput.Forbidden("verificationId", "this check belongs to another facility");
        if (VerificationRules.CanLookUp(model.State, time.GetUtcNow()) is { } refused)
            return await commands.RefuseAsync(tenantId, verificationId, request.CommandId.Value, VerificationStep.Lookup, refused, user, http, ct);

        var answer = await gateway.LookUpAsync(new EligibilityQuery(model.Card.Certificate.Serial, model.Card.Certificate.Issuer,
            model.Card.TreatedAtFacilityId, model.Card.TreatmentDate), ct);
        var now = time.GetUtcNow();
        JustSealed? justSealed = null;
        if (answer is EligibilityAnswer.Found confirmed)
        {
            var personal = confirmed.Result.ToPersonalData();
            justSealed = new JustSealed(await protector.SealAsync(tenantId, verificationId, RetentionDeadline.For(model.Card.TreatmentDate), personal, ct), personal);
        }
        object outcome = answer switch
        {
            EligibilityAnswer.Found found => new EligibilityConfirmed(found.Result.ToEligibility(), justSealed!.Sealed, now),
            EligibilityAnswer.NotFound => new EligibilityNotFound(now),
            EligibilityAnswer.Invalid invalid => new EligibilityInvalid((int)invalid.Validity, now),
            EligibilityAnswer.Failed failed => new EligibilityLookupFailed(failed.Reason, failed.Retryable, now),
            _ => throw new InvalidOperationException($"Unknown eligibility answer {answer.GetType().Name}."),
        };
        return await commands.AppendAsync(new Writing(tenantId, verificationId, stream, session), model, VerificationRules.RecordLookup(model.State, outcome, now),
            request.CommandId.Value, VerificationStep.Lookup, user, http, ct, justSealed);
    }
}
