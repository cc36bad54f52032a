using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 ECHO (MS-SMB2 3.3.5.18).</summary>
public static class Smb2Echo
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        await default(NoYield);
        if (!Smb2EchoRequest.TryParse(r.Message, Smb2Request.BodyOffset, out _, out var error)) return error;
        var message = r.ResponseMessage(4);
        r.SetBody(new Smb2EchoResponse().Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }
}
