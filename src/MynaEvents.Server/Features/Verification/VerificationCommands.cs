using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using JasperFx.Events;
using Marten;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Idempotency;
using MynaEvents.Server.Privacy;
using MynaEvents.Server.Security;
using CardCertificate = MynaEvents.Domain.Verification.CardCertificate;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// Runs the commands of a reception check: load the check's stream, let the domain rules
/// decide, seal personal fields, append with the expected version and the client's command
/// id. A resent command gets the same answer and writes nothing.
/// </summary>
public sealed class VerificationCommands(
    EventStreams store,
    PersonalDataProtector protector,
    VerificationAccess access,
    IChallengeVerifier challenges,
    ICardCertificateTrust trust,
    TimeProvider time)
{
    public static string StreamOf(string verificationId) => $"verification-{verificationId}";

    /// <summary>
    /// A card read starts its check, so its stream is started without being read first: one round
    /// trip in the usual case. Only when a rule refuses, or the start is refused because the check
    /// exists (a resend, another card read), is the stream loaded and the command decided on what it
    /// holds, as every other command is — a resend so still gets its first answer.
    /// </summary>
    internal async Task<IResult> ReadCardAsync(string tenantId, string verificationId, CardReadRequest request, ClaimsPrincipal user, HttpContext http,
        IDocumentSession session, CancellationToken ct)
    {
        var errors = VerificationInput.Check(verificationId, request.CommandId, request.OccurredAt);
        if (string.IsNullOrWhiteSpace(request.TreatedAtFacilityId)) errors["treatedAtFacilityId"] = ["is required"];
        if (request.ReaderSupportsExtendedApdu is null) errors["readerSupportsExtendedApdu"] = ["is required: whether the reader handled an extended-length APDU"];
        using var loaded = CardCertificateReader.TryLoad(request.CertificateDer, out var certificate, out _, out var x509) ? x509 : null;
        if (loaded is null)
            errors["certificateDer"] = ["must be the card's user-authentication certificate, DER in base64"];
        if (VerificationAccess.DeviceOf(user) is null || VerificationAccess.DeviceActivatedAtOf(user) is null)
            errors["device"] = ["a card is read by a registered, activated device: authenticate with the device credential"];
        if (errors.Count > 0) return VerificationInput.Invalid(errors);
        var occurredAt = request.OccurredAt!.Value;
        var card = new CardRead(verificationId, VerificationAccess.DeviceOf(user)!, VerificationAccess.FacilityOf(user)!, request.TreatedAtFacilityId!,
            JapanTime.DateOf(occurredAt), occurredAt, certificate, new ReaderCapabilities(request.ReaderSupportsExtendedApdu!.Value, request.ReaderName));
        var commandId = request.CommandId!.Value;
        if (await StartCheckAsync(tenantId, verificationId, card, loaded!, commandId, user, http, session, ct) is { } started) return started;

        var stream = await session.Events.FetchForWriting<CheckWriteModel>(StreamOf(verificationId), ct);
        var check = CheckWriteModel.Loaded(stream.Aggregate);
        if (await ResendAsync(tenantId, verificationId, commandId, VerificationStep.CardRead, user, http, ct, check) is { } resent) return resent;
        if (await CardReadRefusalAsync(tenantId, request.TreatedAtFacilityId!, loaded!, user, ct) is { } refused) return refused;
        var model = check.Model;
        var decision = VerificationRules.ReadCard(model.State, card, time.GetUtcNow(), VerificationAccess.DeviceActivatedAtOf(user)!.Value);
        return await AppendAsync(new Writing(tenantId, verificationId, stream, session), model, decision, commandId, VerificationStep.CardRead, user, http, ct);
    }

    private async Task<IResult?> CardReadRefusalAsync(string tenantId, string treatedAtFacilityId, X509Certificate2 certificate, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await access.RefuseFacilityAsync(user, tenantId, treatedAtFacilityId, ct) is { } refused) return refused;
        // Every check starts here, 目視 ones included: a card no JPKI CA issued is refused before any mode is chosen.
        return trust.CheckCardRead(certificate, time.GetUtcNow()) is { } untrusted ? VerificationInput.Refused("certificateDer", untrusted) : null;
    }

    /// <summary>
    /// Starts the check's stream with the card read, when nothing refuses it; null otherwise (a rule
    /// refused, or the check exists and is not this command's), leaving the session empty.
    /// </summary>
    private async Task<IResult?> StartCheckAsync(string tenantId, string verificationId, CardRead card, X509Certificate2 certificate, Guid commandId,
        ClaimsPrincipal user, HttpContext http, IDocumentSession session, CancellationToken ct)
    {
        if (await CardReadRefusalAsync(tenantId, card.TreatedAtFacilityId, certificate, user, ct) is not null) return null;
        var now = time.GetUtcNow();
        var empty = new VerificationReadModel();
        var decision = VerificationRules.ReadCard(empty.State, card, now, VerificationAccess.DeviceActivatedAtOf(user)!.Value);
        if (!decision.Accepted) return null;

        var streamId = StreamOf(verificationId);
        EventHeaders.Write(session, Options(commandId, user), now);
        session.Events.StartStream(streamId, [.. decision.Events]);
        EventStreams.QueueCommandRow(session, tenantId, commandId, streamId, 0, decision.Events.Count);
        try
        {
            if (await store.CommitAsync(session, tenantId, streamId, ExpectedVersion.NoStream, commandId, ct) is { } earlier)
                return (await ResendAsync(tenantId, verificationId, commandId, VerificationStep.CardRead, user, http, ct, written: earlier))!;
        }
        catch (StreamVersionConflictException)
        {
            return null; // the check exists: decided on what it holds
        }
        return await AnswerAsync(tenantId, verificationId, empty, decision.Events, ct);
    }

    internal async Task<IResult> VerifyIdentityAsync(string tenantId, string verificationId, IdentityRequest request, ClaimsPrincipal user, HttpContext http,
        IEventStream<CheckWriteModel> stream, IDocumentSession session, CancellationToken ct)
    {
        var errors = VerificationInput.Check(verificationId, request.CommandId, request.OccurredAt);
        var mode = request.Mode switch { "visual" => IdentityMode.Visual, "pin" => (IdentityMode?)IdentityMode.Pin, _ => null };
        if (mode is null) errors["mode"] = ["must be \"visual\" (目視) or \"pin\" (暗証番号)"];
        if (string.IsNullOrWhiteSpace(request.StaffId) || request.StaffId.Length > 100) errors["staffId"] = ["is required (at most 100 characters): who checked the patient"];
        byte[] der = [];
        CardCertificate? signer = null;
        if (mode == IdentityMode.Pin)
        {
            if (!Guid.TryParseExact(request.ChallengeId, "D", out _)) errors["challengeId"] = ["is required for PIN mode: the id of the challenge the card signed"];
            if (!VerificationInput.IsBase64(request.Signature)) errors["signature"] = ["is required for PIN mode: the card's signature, base64"];
            if (!CardCertificateReader.TryRead(request.CertificateDer, out signer, out der)) errors["certificateDer"] = ["is required for PIN mode: the certificate that signed, DER in base64"];
        }
        if (errors.Count > 0) return VerificationInput.Invalid(errors);
        var check = CheckWriteModel.Loaded(stream.Aggregate);
        if (await ResendAsync(tenantId, verificationId, request.CommandId!.Value, VerificationStep.Identity, user, http, ct, check,
                sideEffectsBeforeAppend: mode == IdentityMode.Pin) is { } resent) return resent;

        var model = check.Model;
        if (model.Card is null) return VerificationInput.NotFound(verificationId);
        if (!await access.MayContinueAsync(user, tenantId, model, ct))
            return VerificationInput.Forbidden("verificationId", "this check belongs to another facility");

        var identity = new IdentityVerified(mode!.Value, request.StaffId!, request.ChallengeId, request.OccurredAt!.Value);
        var decision = VerificationRules.VerifyIdentity(model.State, identity, time.GetUtcNow());
        if (decision.Accepted && mode == IdentityMode.Pin)
        {
            if (signer!.FingerprintSha256 != model.Card.Certificate.FingerprintSha256)
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
        return await AppendAsync(new Writing(tenantId, verificationId, stream, session), model, decision, request.CommandId.Value, VerificationStep.Identity, user, http, ct);
    }

    internal async Task<IResult> RecordFallbackAsync(string tenantId, string verificationId, FallbackRequest request, ClaimsPrincipal user, HttpContext http,
        IEventStream<CheckWriteModel> stream, IDocumentSession session, CancellationToken ct)
    {
        var errors = VerificationInput.Check(verificationId, request.CommandId, request.OccurredAt);
        var kind = VerificationReadModel.Names.Parse(request.Kind);
        if (kind is null) errors["kind"] = ["must be qualification_certificate (資格確認書), eligibility_notice (資格情報のお知らせ), myna_portal (マイナポータル) or oral_follow_up (事後確認)"];
        if (string.IsNullOrWhiteSpace(request.StaffId) || request.StaffId.Length > 100) errors["staffId"] = ["is required (at most 100 characters): who checked the document"];
        if (string.IsNullOrWhiteSpace(request.TreatedAtFacilityId)) errors["treatedAtFacilityId"] = ["is required"];
        if (request.TreatmentDate is null) errors["treatmentDate"] = ["is required"];
        var (eligibility, personal) = VerificationInput.Fields(request.Eligibility, request.Personal, errors);
        if (errors.Count > 0) return VerificationInput.Invalid(errors);
        var check = CheckWriteModel.Loaded(stream.Aggregate);
        if (await ResendAsync(tenantId, verificationId, request.CommandId!.Value, VerificationStep.Fallback, user, http, ct, check, sideEffectsBeforeAppend: true) is { } resent) return resent;
        if (await access.RefuseFacilityAsync(user, tenantId, request.TreatedAtFacilityId!, ct) is { } refused) return refused;

        var model = check.Model;
        var probe = new EligibilityConfirmedByFallback(kind!.Value, request.StaffId!, request.TreatedAtFacilityId!, request.TreatmentDate!.Value,
            eligibility!, PersonalDataProtector.Shredded, request.DocumentDate, request.OccurredAt!.Value);
        var now = time.GetUtcNow();
        var decision = VerificationRules.RecordFallback(model.State, probe, personal!, now);
        if (!decision.Accepted) return await RefuseAsync(tenantId, verificationId, request.CommandId.Value, VerificationStep.Fallback, decision.Rejection!, user, http, ct);

        var sealedPersonal = await protector.SealAsync(tenantId, verificationId, RetentionDeadline.For(probe.TreatmentDate), personal!, ct);
        return await AppendAsync(new Writing(tenantId, verificationId, stream, session), model, VerificationDecision.Accept(probe with { Personal = sealedPersonal }),
            request.CommandId.Value, VerificationStep.Fallback, user, http, ct, new JustSealed(sealedPersonal, personal!));
    }

    internal async Task<VerificationReadModel> LoadAsync(string tenantId, string verificationId, CancellationToken ct) =>
        (await ReadAsync(tenantId, verificationId, ct)).Model;

    /// <summary>The check's events and the check folded from them, for reading it (the commands get theirs loaded by Wolverine).</summary>
    internal async Task<LoadedCheck> ReadAsync(string tenantId, string verificationId, CancellationToken ct)
    {
        var events = await store.FetchAsync(tenantId, StreamOf(verificationId), cancellationToken: ct);
        var model = new VerificationReadModel();
        foreach (var recorded in events) model = model.Apply(recorded);
        return new LoadedCheck(events, model);
    }

    internal async Task<VerificationResponse> RespondAsync(string tenantId, string verificationId, CancellationToken ct) =>
        await RespondAsync(tenantId, verificationId, await LoadAsync(tenantId, verificationId, ct), ct);

    private async Task<VerificationResponse> RespondAsync(string tenantId, string verificationId, VerificationReadModel model, CancellationToken ct,
        JustSealed? justSealed = null)
    {
        var personal = model.Personal switch
        {
            null => null,
            // Sealed by this very command: its plaintext is at hand, its key need not be read back.
            var sealedData when justSealed is not null && ReferenceEquals(sealedData, justSealed.Sealed) =>
                sealedData.KeyId == PersonalDataProtector.ShreddedKeyId ? null : justSealed.Plain,
            var sealedData => await protector.UnsealAsync(tenantId, verificationId, sealedData, ct),
        };
        return VerificationReadModel.Respond(verificationId, model, personal);
    }

    /// <summary>
    /// A command id already written: the first answer again — 201 with the check as it stood
    /// right after that command, not as it stands now — writing nothing and calling nobody.
    /// Only someone who may act on the check hears it; an id of another command is refused.
    /// </summary>
    /// <remarks>
    /// With the check's events at hand (<paramref name="check"/>), a resend to this check is
    /// found in them without another round trip. A command id sent before for another check is
    /// looked up only when this command would otherwise do something before its append (ask the
    /// national system, seal personal data, use a challenge); otherwise the append itself refuses
    /// it (the command record's key), and nothing is written either way. A commit that found the
    /// command already written says what it wrote (<paramref name="written"/>): no look-up then.
    /// </remarks>
    internal async Task<IResult?> ResendAsync(string tenantId, string verificationId, Guid commandId, VerificationStep step, ClaimsPrincipal user,
        HttpContext http, CancellationToken ct, LoadedCheck? check = null, bool sideEffectsBeforeAppend = false, AppendResult? written = null)
    {
        var model = new VerificationReadModel();
        object? first = null;
        if (check is not null && check.Events.Any(e => e.Metadata.CommandId == commandId))
        {
            foreach (var recorded in check.Events)
            {
                if (first is not null && recorded.Metadata.CommandId != commandId) break;
                model = model.Apply(recorded);
                if (first is null && recorded.Metadata.CommandId == commandId) first = recorded.Data;
            }
        }
        else
        {
            if (check is not null && !sideEffectsBeforeAppend) return null;
            var earlier = written ?? await store.FindCommandAsync(tenantId, commandId, ct);
            if (earlier is null) return null;
            if (earlier.StreamId == StreamOf(verificationId))
            {
                foreach (var recorded in await store.FetchAsync(tenantId, earlier.StreamId, 1, StreamLimit.UpToVersion(earlier.ToVersion), ct))
                {
                    model = model.Apply(recorded);
                    if (recorded.Version == earlier.FromVersion + 1) first = recorded.Data;
                }
            }
        }
        if (first is null || !step.Wrote(first))
            return VerificationInput.Refused("commandId", Resends.ReusedRule);
        if (!await access.MayContinueAsync(user, tenantId, model, ct))
            return VerificationInput.Forbidden("verificationId", "this check belongs to another facility");
        http.MarkReplayed();
        return TypedResults.Created(Location(tenantId, verificationId), await RespondAsync(tenantId, verificationId, model, ct));
    }

    /// <summary>
    /// Refuses, unless the refusal comes from this very command having been written meanwhile
    /// (a resend racing its original): then it answers as a resend.
    /// </summary>
    internal async Task<IResult> RefuseAsync(string tenantId, string verificationId, Guid commandId, VerificationStep step, VerificationRejection rejection,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        await ResendAsync(tenantId, verificationId, commandId, step, user, http, ct) ?? VerificationInput.Refused(rejection);

    /// <summary>
    /// Appends a decided command's events to the check's stream as Wolverine loaded it (the version
    /// loaded is the version expected), with the command's row in the same unit of work, and commits.
    /// A refused commit is explained: another send of this very command got there first (the first
    /// answer, as a resend gets it), the command id belongs to another stream (422), or another
    /// command moved the check (409). Committed here, not after the endpoint returns, so that the
    /// first two are answered as they always were.
    /// </summary>
    internal async Task<IResult> AppendAsync(Writing writing, VerificationReadModel model, VerificationDecision decision,
        Guid commandId, VerificationStep step, ClaimsPrincipal user, HttpContext http, CancellationToken ct, JustSealed? justSealed = null)
    {
        var (tenantId, verificationId, stream, session) = writing;
        if (!decision.Accepted) return await RefuseAsync(tenantId, verificationId, commandId, step, decision.Rejection!, user, http, ct);
        EventHeaders.Write(session, Options(commandId, user), time.GetUtcNow());
        stream.AppendMany(decision.Events);
        EventStreams.QueueCommandRow(session, tenantId, commandId, stream.Key!, model.Version, model.Version + decision.Events.Count);
        var expected = model.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(model.Version);
        if (await store.CommitAsync(session, tenantId, stream.Key!, expected, commandId, ct) is { } earlier)
            return (await ResendAsync(tenantId, verificationId, commandId, step, user, http, ct, written: earlier))!;
        return await AnswerAsync(tenantId, verificationId, model, decision.Events, ct, justSealed);
    }

    /// <summary>
    /// The answer to a command just written: the check right after it, as a resend will answer it,
    /// folded from what was written, so no concurrent command can slip into it.
    /// </summary>
    private async Task<IResult> AnswerAsync(string tenantId, string verificationId, VerificationReadModel before, IReadOnlyList<object> events,
        CancellationToken ct, JustSealed? justSealed = null)
    {
        var written = before;
        var version = before.Version;
        foreach (var e in events) written = written.Apply(e, ++version);
        return TypedResults.Created(Location(tenantId, verificationId), await RespondAsync(tenantId, verificationId, written, ct, justSealed));
    }

    private static AppendOptions Options(Guid commandId, ClaimsPrincipal user) => new()
    {
        CommandId = commandId,
        Actor = VerificationAccess.ActorOf(user),
        DeviceId = VerificationAccess.DeviceOf(user),
    };

    private static string Location(string tenantId, string verificationId) => $"/api/tenants/{tenantId}/verifications/{verificationId}";

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

/// <summary>Where a command's events go: the check's stream as loaded for it, in the session that commits them.</summary>
internal sealed record Writing(string TenantId, string VerificationId, IEventStream<CheckWriteModel> Stream, IDocumentSession Session);

/// <summary>Personal data a command sealed just now, and its plaintext for the command's own answer.</summary>
internal sealed record JustSealed(SealedPersonalData Sealed, PersonalData Plain);

/// <summary>A check's events as read for one command, and the check folded from them.</summary>
internal sealed record LoadedCheck(IReadOnlyList<RecordedEvent> Events, VerificationReadModel Model);
