using System.Security.Claims;
using MynaEvents.Domain.Verification;
using MynaEvents.EventStore.Appending;
using MynaEvents.Server.Privacy;
using MynaEvents.Server.Security;
using CardCertificate = MynaEvents.Domain.Verification.CardCertificate;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// Runs the commands of a reception check: load the check's stream, let the domain rules
/// decide, seal personal fields, append with the expected version and the client's command
/// id. A resent command gets the same answer and writes nothing.
/// </summary>
internal sealed class VerificationCommands(
    EventStore.EventStore store,
    PersonalDataProtector protector,
    VerificationAccess access,
    IChallengeVerifier challenges,
    ICardCertificateTrust trust,
    TimeProvider time)
{
    public static string StreamOf(string verificationId) => $"verification-{verificationId}";

    public async Task<IResult> ReadCardAsync(string tenantId, string verificationId, CardReadRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = VerificationInput.Check(verificationId, request.CommandId, request.OccurredAt);
        if (string.IsNullOrWhiteSpace(request.TreatedAtFacilityId)) errors["treatedAtFacilityId"] = ["is required"];
        if (request.ReaderSupportsExtendedApdu is null) errors["readerSupportsExtendedApdu"] = ["is required: whether the reader handled an extended-length APDU"];
        if (!CardCertificateReader.TryRead(request.CertificateDer, out var certificate, out var der))
            errors["certificateDer"] = ["must be the card's user-authentication certificate, DER in base64"];
        if (VerificationAccess.DeviceOf(user) is null || VerificationAccess.DeviceActivatedAtOf(user) is null)
            errors["device"] = ["a card is read by a registered, activated device: authenticate with the device credential"];
        if (errors.Count > 0) return VerificationInput.Invalid(errors);
        if (await ResendAsync(tenantId, verificationId, request.CommandId!.Value, ct) is { } resent) return resent;
        if (!await access.MayActForAsync(user, tenantId, request.TreatedAtFacilityId!, ct))
            return VerificationInput.Forbidden("treatedAtFacilityId", "this device may record checks only for its own facility or its active co-location partner");
        // Every check starts here, 目視 ones included: a card no JPKI CA issued is refused before any mode is chosen.
        if (trust.CheckCardRead(der, time.GetUtcNow()) is { } untrusted)
            return VerificationInput.Refused("certificateDer", untrusted);

        var occurredAt = request.OccurredAt!.Value;
        var card = new CardRead(verificationId, VerificationAccess.DeviceOf(user)!, VerificationAccess.FacilityOf(user)!, request.TreatedAtFacilityId!,
            JapanTime.DateOf(occurredAt), occurredAt, certificate, new ReaderCapabilities(request.ReaderSupportsExtendedApdu!.Value, request.ReaderName));
        var model = await LoadAsync(tenantId, verificationId, ct);
        var decision = VerificationRules.ReadCard(model.State, card, time.GetUtcNow(), VerificationAccess.DeviceActivatedAtOf(user)!.Value);
        return await AppendAsync(tenantId, verificationId, model, decision, request.CommandId.Value, user, ct);
    }

    public async Task<IResult> VerifyIdentityAsync(string tenantId, string verificationId, IdentityRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = VerificationInput.Check(verificationId, request.CommandId, request.OccurredAt);
        var mode = request.Mode switch { "visual" => IdentityMode.Visual, "pin" => (IdentityMode?)IdentityMode.Pin, _ => null };
        if (mode is null) errors["mode"] = ["must be \"visual\" (目視) or \"pin\" (暗証番号)"];
        if (string.IsNullOrWhiteSpace(request.StaffId) || request.StaffId.Length > 100) errors["staffId"] = ["is required (at most 100 characters): who checked the patient"];
        byte[] der = [];
        if (mode == IdentityMode.Pin)
        {
            if (!Guid.TryParseExact(request.ChallengeId, "D", out _)) errors["challengeId"] = ["is required for PIN mode: the id of the challenge the card signed"];
            if (!VerificationInput.IsBase64(request.Signature)) errors["signature"] = ["is required for PIN mode: the card's signature, base64"];
            if (!CardCertificateReader.TryRead(request.CertificateDer, out _, out der)) errors["certificateDer"] = ["is required for PIN mode: the certificate that signed, DER in base64"];
        }
        if (errors.Count > 0) return VerificationInput.Invalid(errors);
        if (await ResendAsync(tenantId, verificationId, request.CommandId!.Value, ct) is { } resent) return resent;

        var model = await LoadAsync(tenantId, verificationId, ct);
        if (model.Card is null) return VerificationInput.NotFound(verificationId);
        if (!await access.MayContinueAsync(user, tenantId, model, ct))
            return VerificationInput.Forbidden("verificationId", "this check belongs to another facility");

        var identity = new IdentityVerified(mode!.Value, request.StaffId!, request.ChallengeId, request.OccurredAt!.Value);
        var decision = VerificationRules.VerifyIdentity(model.State, identity, time.GetUtcNow());
        if (decision.Accepted && mode == IdentityMode.Pin)
        {
            if (CardCertificateReader.TryRead(request.CertificateDer, out var signer, out _) && signer.FingerprintSha256 != model.Card.Certificate.FingerprintSha256)
                return VerificationInput.Refused("certificateDer", "is not the certificate of the card read for this check");
            var verification = await challenges.ConsumeAsync(tenantId, VerificationAccess.DeviceOf(user) ?? "", Guid.ParseExact(request.ChallengeId!, "D"),
                der, Convert.FromBase64String(request.Signature!), ct);
            if (!verification.IsOk)
                return VerificationInput.Refused(verification.Outcome switch
                {
                    ChallengeOutcome.BadSignature => "signature",
                    ChallengeOutcome.UntrustedCertificate => "certificateDer",
                    _ => "challengeId",
                }, ChallengeText(verification.Outcome));
        }
        return await AppendAsync(tenantId, verificationId, model, decision, request.CommandId.Value, user, ct);
    }

    public async Task<IResult> RecordFallbackAsync(string tenantId, string verificationId, FallbackRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = VerificationInput.Check(verificationId, request.CommandId, request.OccurredAt);
        var kind = VerificationReadModel.Names.Parse(request.Kind);
        if (kind is null) errors["kind"] = ["must be qualification_certificate (資格確認書), eligibility_notice (資格情報のお知らせ), myna_portal (マイナポータル) or oral_follow_up (事後確認)"];
        if (string.IsNullOrWhiteSpace(request.StaffId) || request.StaffId.Length > 100) errors["staffId"] = ["is required (at most 100 characters): who checked the document"];
        if (string.IsNullOrWhiteSpace(request.TreatedAtFacilityId)) errors["treatedAtFacilityId"] = ["is required"];
        if (request.TreatmentDate is null) errors["treatmentDate"] = ["is required"];
        var (eligibility, personal) = VerificationInput.Fields(request.Eligibility, request.Personal, errors);
        if (errors.Count > 0) return VerificationInput.Invalid(errors);
        if (await ResendAsync(tenantId, verificationId, request.CommandId!.Value, ct) is { } resent) return resent;
        if (!await access.MayActForAsync(user, tenantId, request.TreatedAtFacilityId!, ct))
            return VerificationInput.Forbidden("treatedAtFacilityId", "you may record checks only for your own facility or its active co-location partner");

        var model = await LoadAsync(tenantId, verificationId, ct);
        var probe = new EligibilityConfirmedByFallback(kind!.Value, request.StaffId!, request.TreatedAtFacilityId!, request.TreatmentDate!.Value,
            eligibility!, PersonalDataProtector.Shredded, request.DocumentDate, request.OccurredAt!.Value);
        var now = time.GetUtcNow();
        var decision = VerificationRules.RecordFallback(model.State, probe, personal!, now);
        if (!decision.Accepted) return await RefuseAsync(tenantId, verificationId, request.CommandId.Value, decision.Rejection!, ct);

        var sealedPersonal = await protector.SealAsync(tenantId, verificationId, RetentionDeadline.For(probe.TreatmentDate), personal!, ct);
        return await AppendAsync(tenantId, verificationId, model, VerificationDecision.Accept(probe with { Personal = sealedPersonal }), request.CommandId.Value, user, ct);
    }

    public async Task<VerificationReadModel> LoadAsync(string tenantId, string verificationId, CancellationToken ct) =>
        (await store.AggregateStreamAsync(tenantId, StreamOf(verificationId), new VerificationReadModel(), (m, e) => m.Apply(e), cancellationToken: ct)).State;

    public async Task<VerificationResponse> RespondAsync(string tenantId, string verificationId, CancellationToken ct)
    {
        var model = await LoadAsync(tenantId, verificationId, ct);
        var personal = model.Personal is { } sealedData ? await protector.UnsealAsync(tenantId, verificationId, sealedData, ct) : null;
        return VerificationReadModel.Respond(verificationId, model, personal);
    }

    /// <summary>A command id already written: answer with the check as it stands, writing nothing and calling nobody.</summary>
    public async Task<IResult?> ResendAsync(string tenantId, string verificationId, Guid commandId, CancellationToken ct)
    {
        var earlier = await store.FindCommandAsync(tenantId, commandId, ct);
        if (earlier is null) return null;
        if (earlier.StreamId != StreamOf(verificationId))
            return VerificationInput.Refused("commandId", "was already used for another command; a command id names exactly one command");
        return TypedResults.Ok(await RespondAsync(tenantId, verificationId, ct));
    }

    /// <summary>
    /// Refuses, unless the refusal comes from this very command having been written meanwhile
    /// (a resend racing its original): then it answers as a resend.
    /// </summary>
    public async Task<IResult> RefuseAsync(string tenantId, string verificationId, Guid commandId, VerificationRejection rejection, CancellationToken ct) =>
        await ResendAsync(tenantId, verificationId, commandId, ct) ?? VerificationInput.Refused(rejection);

    public async Task<IResult> AppendAsync(string tenantId, string verificationId, VerificationReadModel model, VerificationDecision decision,
        Guid commandId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!decision.Accepted) return await RefuseAsync(tenantId, verificationId, commandId, decision.Rejection!, ct);
        var expected = model.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(model.Version);
        var result = await store.AppendAsync(tenantId, StreamOf(verificationId), expected, decision.Events, new AppendOptions
        {
            CommandId = commandId,
            Actor = VerificationAccess.ActorOf(user),
            DeviceId = VerificationAccess.DeviceOf(user),
            StreamType = "verification",
            OccurredAt = time.GetUtcNow(),
        }, ct);
        var response = await RespondAsync(tenantId, verificationId, ct);
        return result.Duplicate ? TypedResults.Ok(response) : TypedResults.Created($"/api/tenants/{tenantId}/verifications/{verificationId}", response);
    }

    private static string ChallengeText(ChallengeOutcome outcome) => outcome switch
    {
        ChallengeOutcome.Unknown => "no such challenge was issued to this device",
        ChallengeOutcome.Expired => "the challenge expired: ask for a new one",
        ChallengeOutcome.AlreadyUsed => "the challenge was already used: a signature cannot be replayed",
        ChallengeOutcome.WrongDevice => "the challenge was issued to another device",
        ChallengeOutcome.BadSignature => "the card's signature does not verify against its certificate",
        ChallengeOutcome.UntrustedCertificate => "the certificate does not chain to a trusted JPKI certification authority",
        _ => "the challenge was refused",
    };
}
