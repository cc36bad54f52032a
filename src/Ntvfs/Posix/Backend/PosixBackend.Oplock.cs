using Protocol;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>
    /// OPLOCK_BREAK acknowledgment (MS-SMB2 3.3.5.22.1): the holder lowers its oplock to
    /// <paramref name="level"/>, the break ends, and the opens waiting for it go on (see
    /// <see cref="ShareModeTable.Acknowledge"/> for the statuses). No system call: served on the loop.
    /// </summary>
    public override TeventReq OplockBreakAckSend(NtvfsRequest r, NtvfsHandle h, Smb2OplockLevel level)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<Smb2OplockLevel>(r.Ev, status);
        status = ShareModes.Acknowledge(handle.ShareOpen, level, out Smb2OplockLevel granted);
        return NtvfsOp.Post(r.Ev, status, granted);
    }

    /// <summary>
    /// MS-FSA 2.1.4.12: a write, a change of the file's size and a byte-range lock break the level II
    /// oplocks of the file to none (no acknowledgment, nothing waits).
    /// </summary>
    private void BreakLevelII(PosixHandle handle) => ShareModes.BreakLevelII(handle.File);
}
