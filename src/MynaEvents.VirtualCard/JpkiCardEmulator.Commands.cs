using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MynaEvents.VirtualCard;

// The four commands the card understands. Each checks its parameters first, then the card's
// state, then does the work; the status words follow ISO 7816-4 as jpki.md lists them.
public sealed partial class JpkiCardEmulator
{
    private const byte SelectByAid = 0x04;
    private const byte SelectChildEf = 0x02;
    private const byte NoResponseData = 0x0C;
    private const byte SpecificReferenceData = 0x80;

    /// <summary>
    /// SELECT by AID (00 A4 04 0C) or of an EF of the current application (00 A4 02 0C 02 FID).
    /// A failed SELECT leaves the selection as it was. Leaving an application forgets its
    /// verified PINs; selecting the current one again keeps them.
    /// </summary>
    private byte[] Select(CommandApdu command)
    {
        if (command.P1 is not (SelectByAid or SelectChildEf) || command.P2 != NoResponseData)
            return Status(StatusWords.IncorrectP1P2);

        if (command.P1 == SelectByAid)
        {
            if (command.Data.IsEmpty)
                return Status(StatusWords.WrongLength);
            var application = command.Data.SequenceEqual(_jpki.Aid) ? _jpki
                : command.Data.SequenceEqual(_cardInfo.Aid) ? _cardInfo
                : null;
            if (application is null)
                return Status(StatusWords.FileNotFound);
            if (application != _application)
            {
                _authenticationPin.Forget();
                _signingPassword.Forget();
            }
            _application = application;
            _currentFile = null;
            return Status(StatusWords.Success);
        }

        if (command.Data.Length != 2)
            return Status(StatusWords.WrongLength);
        // Without a selected application the current DF is the MF, which holds none of these EFs.
        var file = _application?.Find(BinaryPrimitives.ReadUInt16BigEndian(command.Data));
        if (file is null)
            return Status(StatusWords.FileNotFound);
        _currentFile = file;
        return Status(StatusWords.Success);
    }

    /// <summary>
    /// READ BINARY (00 B0, 15-bit offset in P1 P2) of the current EF. Fewer bytes than asked
    /// answer 62 82, except when Le was all zeros ("up to 256" or "up to 65536"), which a short
    /// answer fulfils with 90 00; an offset at or past the end answers 6B 00. A file guarded by a
    /// PIN (the signing certificate) answers 69 82 until that PIN is verified in this session.
    /// </summary>
    private byte[] ReadBinary(CommandApdu command)
    {
        if ((command.P1 & 0x80) != 0)
            return Status(StatusWords.IncorrectP1P2); // short-EF addressing: not offered
        if (!command.Data.IsEmpty || command.Ne is not { } ne)
            return Status(StatusWords.WrongLength);
        if (_currentFile is null)
            return Status(StatusWords.NoCurrentEf);
        if (_currentFile.Kind != CardFileKind.Binary)
            return Status(StatusWords.IncompatibleWithFileStructure);
        if (_currentFile.Pin != PinReference.None && !PinFor(_currentFile.Pin).Verified)
            return Status(StatusWords.SecurityStatusNotSatisfied);

        var offset = (command.P1 << 8) | command.P2;
        var content = _currentFile.Content;
        if (offset >= content.Length)
            return Status(StatusWords.OffsetOutsideFile);
        var count = Math.Min(ne, content.Length - offset);
        var statusWord = count < ne && !command.NeIsMaximum ? StatusWords.EndOfFileBeforeNe : StatusWords.Success;
        return Respond(content.AsSpan(offset, count), statusWord);
    }

    /// <summary>
    /// VERIFY (00 20 00 80) against the current EF, which must be one of the two PIN EFs as on a
    /// real card: 0018 (user-authentication PIN, 4 digits) or 001B (signing password, 6–16
    /// characters), each with its own counter. Without data it reports the tries left without
    /// spending one (90 00 once verified in this session); with data it checks them. A blocked
    /// PIN answers 69 84.
    /// </summary>
    private byte[] Verify(CommandApdu command)
    {
        if (command.P1 != 0x00 || command.P2 != SpecificReferenceData)
            return Status(StatusWords.IncorrectP1P2);
        if (command.Ne is not null)
            return Status(StatusWords.WrongLength);
        if (_application != _jpki || _currentFile?.Kind != CardFileKind.Pin)
            return Status(StatusWords.NoCurrentEf);
        var pin = PinFor(_currentFile.Pin);
        return Status(command.Data.IsEmpty ? pin.Status() : pin.Verify(command.Data));
    }

    /// <summary>
    /// SIGN (80 2A 00 80 Lc DigestInfo Le): PKCS#1 v1.5 with the current key EF, allowed only
    /// once that key's PIN is verified in this session (0017 the user-authentication PIN, 001A
    /// the signing password). The card takes only a SHA-256 DigestInfo (51 bytes) and answers
    /// the 256-byte signature.
    /// </summary>
    private byte[] Sign(CommandApdu command)
    {
        if (command.P1 != 0x00 || command.P2 != SpecificReferenceData)
            return Status(StatusWords.IncorrectP1P2);
        if (_application != _jpki || _currentFile?.Kind != CardFileKind.PrivateKey || !PinFor(_currentFile.Pin).Verified)
            return Status(StatusWords.SecurityStatusNotSatisfied);
        var digestInfo = command.Data;
        if (digestInfo.Length != TestCard.Sha256DigestInfoPrefix.Length + SHA256.HashSizeInBytes
            || !digestInfo.StartsWith(TestCard.Sha256DigestInfoPrefix))
            return Status(StatusWords.IncorrectData);
        var signature = _currentFile.Pin == PinReference.Signing ? _card.SignDigestInfoWithSigningKey(digestInfo) : _card.SignDigestInfo(digestInfo);
        if (command.Ne is { } ne && ne < signature.Length && !command.NeIsMaximum)
            return Status(StatusWords.WrongLength);
        return Respond(signature, StatusWords.Success);
    }
}
