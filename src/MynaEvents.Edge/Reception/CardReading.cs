using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;
using MynaEvents.Edge.Screen;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Reception;

/// <summary>
/// The card's part of a check, on one connection held exclusively: recognise the card, read the
/// user-authentication certificate and, in PIN mode, read the tries left (warning on the last),
/// verify the PIN the patient types and sign the challenge. Nothing goes to the server from
/// here: a card taken out half-way leaves nothing behind. Each exchange with the card is bounded
/// by <paramref name="exchangeTimeout"/>, and the card gets a PC/SC context of its own, so a card
/// that hangs stops this check with <see cref="CardProblem.Timeout"/> and stalls nothing else.
/// </summary>
public sealed class CardReading(ReceptionScreen screen, IReceptionDisplay display, IPinPad pinPad, TimeSpan exchangeTimeout)
{
    public async Task<CardEvidence> ReadAsync(string readerName, IdentityChoice mode, Func<CancellationToken, Task<IssuedChallenge>>? challenge,
        CancellationToken cancellationToken)
    {
        using var card = PcscContext.ConnectOnOwnContext(readerName, exchangeTimeout);
        using var exclusive = card.BeginTransaction();
        var session = new JpkiCardSession(card);
        session.SelectJpki();
        var (der, extended) = session.ReadAuthenticationCertificate();
        if (mode == IdentityChoice.Visual)
            return new CardEvidence(readerName, der, extended, null, null);

        ArgumentNullException.ThrowIfNull(challenge);
        var status = session.ReadPinTriesLeft();
        var issued = await challenge(cancellationToken);
        if (!status.AlreadyVerified) await VerifyPinAsync(session, status.TriesLeft ?? 1, cancellationToken);
        var signature = session.SignChallenge(issued.NonceBytes());
        return new CardEvidence(readerName, der, extended, issued, signature);
    }

    /// <summary>Asks for the PIN until the card accepts it; a wrong PIN shows the tries left, the last try is warned about first.</summary>
    private async Task VerifyPinAsync(JpkiCardSession session, int triesLeft, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (triesLeft == 1) display.Show(screen.LastTryWarning());
            display.Show(screen.PinPrompt(triesLeft));
            using var pin = await pinPad.AskAsync(triesLeft, cancellationToken)
                ?? throw new OperationCanceledException("The patient did not enter the PIN.");
            try
            {
                session.VerifyPin(pin);
                return;
            }
            catch (CardException wrong) when (wrong.Problem == CardProblem.WrongPin && wrong.TriesLeft is int left)
            {
                display.Show(screen.WrongPin(left));
                triesLeft = left;
            }
        }
    }
}
