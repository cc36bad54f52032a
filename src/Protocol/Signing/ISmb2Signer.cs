namespace Protocol.Signing;

/// <summary>
/// Signs and verifies single SMB2 messages (MS-SMB2 3.1.4.1, 3.1.5.1): the 64-byte header's
/// Signature field (offset 48, 16 bytes) over the whole message from its header to its end (one
/// message of a compound chain at a time, the caller slicing it). Implementations exist per
/// algorithm (HMAC-SHA256 for 2.0.2/2.1; AES-CMAC and AES-GMAC for 3.x), hold the session's key,
/// allocate nothing per message, and are not thread-safe: one per channel, or serialise calls.
/// </summary>
public interface ISmb2Signer : IDisposable
{
    /// <summary>Zeroes the Signature field, computes the signature and stores it there. The message must hold a full header.</summary>
    void Sign(Span<byte> message);

    /// <summary>True if the Signature field matches; compared in constant time, without modifying <paramref name="message"/>. False for a message shorter than a header.</summary>
    bool Verify(ReadOnlySpan<byte> message);

    /// <summary>
    /// As <see cref="Verify"/>, for a message the caller owns and no one else reads meanwhile (a received
    /// frame on its loop): the signer may zero the Signature field while it computes, and puts it back
    /// before returning, so a MAC that needs the zeroed field in one piece (AES-GMAC) copies nothing.
    /// </summary>
    bool VerifyInPlace(Span<byte> message) => Verify(message);
}
