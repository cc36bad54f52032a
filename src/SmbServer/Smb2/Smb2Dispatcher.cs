using Protocol;
using Protocol.Smb2;
using SmbServer.Transport;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 dispatch: splits a message into its compound elements and serves them in order, each by
/// its command's handler coroutine. One table row per command says what the request needs before
/// its handler may run; the checks every command shares (credits, related-operation inheritance,
/// session, signature, tree) live here and nowhere else (MS-SMB2 3.3.5.2).
/// </summary>
public static class Smb2Dispatcher
{
    /// <summary>A command's handler: a coroutine body that writes the response and returns its status.</summary>
    public readonly record struct Entry(Func<Coroutine, Smb2Request, CoroutineBody<NtStatus>> Handler, bool NeedsSession, bool NeedsTree);

    private static readonly Entry?[] Table = BuildTable();

    private static Entry?[] BuildTable()
    {
        var t = new Entry?[(int)Smb2Command.OplockBreak + 1];
        t[(int)Smb2Command.Negotiate] = new(Smb2Negotiate.Handle, NeedsSession: false, NeedsTree: false);
        t[(int)Smb2Command.SessionSetup] = new(Smb2SessionSetup.Handle, NeedsSession: false, NeedsTree: false);
        t[(int)Smb2Command.Logoff] = new(Smb2Logoff.Handle, NeedsSession: true, NeedsTree: false);
        t[(int)Smb2Command.TreeConnect] = new(Smb2TreeConnect.Handle, NeedsSession: true, NeedsTree: false);
        t[(int)Smb2Command.TreeDisconnect] = new(Smb2TreeDisconnect.Handle, NeedsSession: true, NeedsTree: true);
        t[(int)Smb2Command.Echo] = new(Smb2Echo.Handle, NeedsSession: false, NeedsTree: false);
        Smb2FileCommands.Register(t);
        return t;
    }

    /// <summary>Serves one received message; returns the frame buffer to its pool when done.</summary>
    public static async CoroutineBody<bool> ProcessMessage(Coroutine co, Smb2Connection conn, Smb2ReceivedMessage frame, bool encrypted)
    {
        var elements = new List<Smb2CompoundElement>();
        if (!Smb2Compound.TrySplit(frame.Span, elements, out _, conn.Server.Limits.MaxCompoundElements))
        {
            frame.Return();
            conn.Disconnect("malformed compound chain");
            return false;
        }
        // From here on the elements' offsets are relative to the buffer, as Smb2Request has them.
        for (int i = 0; i < elements.Count; i++)
            elements[i] = elements[i] with { Offset = elements[i].Offset + frame.Offset };
        var batch = new List<Smb2Request>(elements.Count);
        Smb2Request? previous = null;
        try
        {
            for (int index = 0; index < elements.Count; index++)
            {
                var element = elements[index];
                if (conn.IsClosed) break;
                if (!Smb2Header.TryParse(element.Slice(frame.Buffer.AsSpan()), out var header, out _)
                    || (header.Flags & Smb2HeaderFlags.ServerToRedir) != 0)
                {
                    conn.Disconnect("malformed SMB2 header");
                    break;
                }
                if (header.Command == Smb2Command.Cancel)
                {
                    // MS-SMB2 3.3.5.16: CANCEL takes no credit and gets no response.
                    conn.Cancel(header);
                    continue;
                }
                if (!conn.NegotiateDone && header.Command != Smb2Command.Negotiate)
                {
                    conn.Disconnect($"{header.Command} before NEGOTIATE");
                    break;
                }
                ushort charge = conn.SupportsMultiCredit ? Math.Max((ushort)1, header.CreditCharge) : (ushort)1;
                if (!conn.Credits.TryConsume(header.MessageId, charge))
                {
                    // MS-SMB2 3.3.5.2.3: a message id outside the window ends the connection.
                    conn.Disconnect($"message id {header.MessageId} (charge {charge}) outside the credit window");
                    break;
                }
                var r = new Smb2Request(conn, frame.Buffer, element, header)
                {
                    Batch = batch,
                    WasEncrypted = encrypted,
                    IsLastInCompound = index == elements.Count - 1,
                };
                r.CreditsGranted = conn.Credits.Grant(header.CreditRequestResponse, charge);
                NtStatus status = Precheck(conn, r, previous, out var entry);
                if (!status.IsError && entry != null)
                {
                    conn.TrackInFlight(r);
                    var sub = Coroutine.Send(conn.Ev, r, entry.Value.Handler);
                    r.HandlerReq = sub;
                    await co.Yield(sub); // the message coroutine itself is never cancelled
                    uint code = Coroutine.Recv(sub, out NtStatus result);
                    r.HandlerReq = null;
                    conn.UntrackInFlight(r);
                    status = code != 0 ? new NtStatus(code) : result;
                }
                if (r.NoResponse || conn.IsClosed)
                {
                    r.ReleaseBuffers();
                    previous = r;
                    continue;
                }
                // A warning the handler returned without a body of its own (STATUS_INVALID_EA_NAME,
                // EA_LIST_INCONSISTENT) failed the request all the same: it gets the error body too.
                bool failed = status.IsError || (!status.IsSuccess && !r.BodyWritten);
                if (r.Command == Smb2Command.Create && failed) r.CascadeError = status;
                if (failed && !(r.BodyWritten && r.Status == status)) r.Error(status);
                r.Status = status;
                WriteResponseHeader(r, r, status, r.IsAsync ? (ushort)0 : r.CreditsGranted, isInterim: false);
                r.OnResponseFinal?.Invoke(r);
                batch.Add(r);
                previous = r;
            }
            conn.SendResponses(batch);
        }
        finally
        {
            frame.Return();
        }
        return true;
    }

    /// <summary>The checks every command shares; on success <paramref name="entry"/> is the handler to run.</summary>
    private static NtStatus Precheck(Smb2Connection conn, Smb2Request r, Smb2Request? previous, out Entry? entry)
    {
        entry = null;
        ulong sessionId = r.Header.SessionId;
        uint treeId = r.Header.TreeId;
        if (r.IsRelated)
        {
            // MS-SMB2 3.3.5.2.7.2: a related request works on the previous one's session, tree and file.
            // The first request of a chain has nothing to relate to, and neither has any related
            // request after it: they all fail the same way.
            if (previous == null)
            {
                r.CascadeError = NtStatus.InvalidParameter;
                return NtStatus.InvalidParameter;
            }
            sessionId = previous.ResponseSessionId;
            treeId = previous.ResponseTreeId;
            r.PreviousFileId = previous.FileIdForNext;
            r.FileIdForNext = previous.FileIdForNext;
            // A failed CREATE made no FileId: the related requests that would use it fail with the
            // CREATE's status (3.3.5.2.7.2, as Windows and Samba do). Any other failure does not
            // carry over: after a WRITE denied for access, a related READ of the same file works.
            if (previous.CascadeError.IsError && r.Command != Smb2Command.Create)
            {
                r.CascadeError = previous.CascadeError;
                return previous.CascadeError;
            }
        }
        r.ResponseSessionId = sessionId;
        r.ResponseTreeId = treeId;

        var found = (int)r.Command < Table.Length ? Table[(int)r.Command] : null;
        if (found == null) return NtStatus.InvalidParameter;

        // MS-SMB2 3.3.5.2.7.2: "if the previous operation failed to create SessionId or TreeId",
        // the related operations that need one fail with STATUS_INVALID_PARAMETER, all the way down.
        if (r.IsRelated && previous!.NoSessionForNext && found.Value.NeedsSession)
        {
            r.NoSessionForNext = true;
            return NtStatus.InvalidParameter;
        }
        if (r.IsRelated && previous!.NoTreeForNext && found.Value.NeedsTree)
        {
            r.NoTreeForNext = true;
            return NtStatus.InvalidParameter;
        }
        if (found.Value.NeedsSession)
        {
            var status = CheckSession(conn, r, sessionId);
            if (status == NtStatus.UserSessionDeleted) r.NoSessionForNext = true;
            if (status.IsError) return status;
        }
        if (found.Value.NeedsTree)
        {
            if (!r.Session!.Trees.TryGetValue(treeId, out var tree))
            {
                r.NoTreeForNext = true;
                return NtStatus.NetworkNameDeleted;
            }
            r.Tree = tree;
            // MS-SMB2 3.3.5.2.11: a share that requires encryption refuses unencrypted requests.
            if (tree.EncryptData && !r.WasEncrypted) return NtStatus.AccessDenied;
            if (tree.EncryptData) r.EncryptWith = r.Session;
        }
        entry = found;
        return NtStatus.Success;
    }

    private static NtStatus CheckSession(Smb2Connection conn, Smb2Request r, ulong sessionId)
    {
        if (!conn.Sessions.TryGetValue(sessionId, out var session)) return NtStatus.UserSessionDeleted;
        r.Session = session;
        if (!session.IsValid) return NtStatus.AccessDenied;
        // MS-SMB2 3.3.5.2.9: a session that encrypts refuses plain requests; encrypted ones need no signature.
        if (session.EncryptData && !r.WasEncrypted) return NtStatus.AccessDenied;
        if (r.WasEncrypted && session.CanEncrypt)
        {
            r.EncryptWith = session;
            return NtStatus.Success;
        }
        if (session.Signer == null) return NtStatus.Success; // guest and anonymous sessions are not signed

        if (r.IsSigned)
        {
            // MS-SMB2 3.3.5.2.4: a bad signature fails the request; verification is constant time.
            // The received frame is ours alone on this loop: the signer may verify it in place.
            if (!session.Signer.VerifyInPlace(r.Frame.AsSpan(r.Element.Offset, r.Element.Length))) return NtStatus.AccessDenied;
            r.SignResponse = true;
        }
        else if (session.SigningRequired)
        {
            return NtStatus.AccessDenied;
        }
        return NtStatus.Success;
    }

    /// <summary>Writes the response header of <paramref name="target"/> for the request <paramref name="source"/>.</summary>
    public static void WriteResponseHeader(Smb2Request target, Smb2Request source, NtStatus status, ushort credits, bool isInterim)
    {
        var flags = Smb2HeaderFlags.ServerToRedir;
        if (source.IsRelated) flags |= Smb2HeaderFlags.RelatedOperations;
        bool async = isInterim || source.IsAsync;
        if (async) flags |= Smb2HeaderFlags.AsyncCommand;
        var header = new Smb2Header(
            CreditCharge: source.Header.CreditCharge,
            Status: status,
            Command: source.Command,
            CreditRequestResponse: credits,
            Flags: flags,
            NextCommand: 0,
            MessageId: source.Header.MessageId,
            AsyncId: async ? source.AsyncId : 0,
            ProcessId: source.Header.ProcessId,
            TreeId: source.ResponseTreeId,
            SessionId: source.ResponseSessionId,
            Signature: default);
        header.Write(target.ResponseBuffer.AsSpan(target.ResponseStart));
        // A signed request for a session we no longer know gets USER_SESSION_DELETED with the
        // Signed flag set (there is no key to sign with), as smbd answers: a client that requires
        // signing looks at the flag before the status and would otherwise drop the connection.
        if (status == NtStatus.UserSessionDeleted && source.IsSigned && !isInterim)
            Smb2Header.AddFlags(target.ResponseBuffer.AsSpan(target.ResponseStart), Smb2HeaderFlags.Signed);
        // MS-SMB2 3.3.4.1.1: interim responses are never signed.
        target.SignResponse = !isInterim && source.SignResponse;
        if (isInterim) target.Session = source.Session;
    }

    /// <summary>The responses finished before <paramref name="r"/> in its message, taken out to be sent now.</summary>
    internal static List<Smb2Request> TakeCompletedBefore(Smb2Request r)
    {
        var list = new List<Smb2Request>(r.Batch);
        r.Batch.Clear();
        return list;
    }
}
