namespace Protocol;

/// <summary>
/// An NTSTATUS value (MS-ERREF 2.3): the currency of failure from the backend up to the wire.
/// Names follow MS-ERREF 2.3.1 without the STATUS_ prefix.
/// </summary>
public readonly record struct NtStatus(uint Value)
{
    public bool IsSuccess => (Value >> 30) == 0;
    public bool IsError => (Value >> 30) == 3;

    public static readonly NtStatus Success = new(0x00000000);
    public static readonly NtStatus Pending = new(0x00000103);
    public static readonly NtStatus NotifyCleanup = new(0x0000010B);
    public static readonly NtStatus NotifyEnumDir = new(0x0000010C);
    public static readonly NtStatus BufferOverflow = new(0x80000005);
    public static readonly NtStatus NoMoreFiles = new(0x80000006);
    public static readonly NtStatus StoppedOnSymlink = new(0x8000002D);
    public static readonly NtStatus Unsuccessful = new(0xC0000001);
    public static readonly NtStatus NotImplemented = new(0xC0000002);
    public static readonly NtStatus InvalidInfoClass = new(0xC0000003);
    public static readonly NtStatus InfoLengthMismatch = new(0xC0000004);
    public static readonly NtStatus InvalidHandle = new(0xC0000008);
    public static readonly NtStatus InvalidParameter = new(0xC000000D);
    public static readonly NtStatus NoSuchFile = new(0xC000000F);
    public static readonly NtStatus InvalidDeviceRequest = new(0xC0000010);
    public static readonly NtStatus EndOfFile = new(0xC0000011);
    public static readonly NtStatus MoreProcessingRequired = new(0xC0000016);
    public static readonly NtStatus NoMemory = new(0xC0000017);
    public static readonly NtStatus AccessDenied = new(0xC0000022);
    public static readonly NtStatus BufferTooSmall = new(0xC0000023);
    public static readonly NtStatus ObjectTypeMismatch = new(0xC0000024);
    public static readonly NtStatus ObjectNameInvalid = new(0xC0000033);
    public static readonly NtStatus ObjectNameNotFound = new(0xC0000034);
    public static readonly NtStatus ObjectNameCollision = new(0xC0000035);
    public static readonly NtStatus ObjectPathInvalid = new(0xC0000039);
    public static readonly NtStatus ObjectPathNotFound = new(0xC000003A);
    public static readonly NtStatus ObjectPathSyntaxBad = new(0xC000003B);
    public static readonly NtStatus SharingViolation = new(0xC0000043);
    public static readonly NtStatus DeletePending = new(0xC0000056);
    public static readonly NtStatus PrivilegeNotHeld = new(0xC0000061);
    public static readonly NtStatus LogonFailure = new(0xC000006D);
    public static readonly NtStatus AccountRestriction = new(0xC000006E);
    public static readonly NtStatus PasswordExpired = new(0xC0000071);
    public static readonly NtStatus AccountDisabled = new(0xC0000072);
    public static readonly NtStatus RangeNotLocked = new(0xC000007E);
    public static readonly NtStatus DiskFull = new(0xC000007F);
    public static readonly NtStatus InsufficientResources = new(0xC000009A);
    public static readonly NtStatus FileIsADirectory = new(0xC00000BA);
    public static readonly NtStatus NotSupported = new(0xC00000BB);
    public static readonly NtStatus NetworkNameDeleted = new(0xC00000C9);
    public static readonly NtStatus NetworkAccessDenied = new(0xC00000CA);
    public static readonly NtStatus BadNetworkName = new(0xC00000CC);
    public static readonly NtStatus RequestNotAccepted = new(0xC00000D0);
    public static readonly NtStatus IoTimeout = new(0xC00000B5);
    public static readonly NtStatus PipeNotAvailable = new(0xC00000AC);
    public static readonly NtStatus InvalidPipeState = new(0xC00000AD);
    public static readonly NtStatus PipeBusy = new(0xC00000AE);
    public static readonly NtStatus PipeDisconnected = new(0xC00000B0);
    public static readonly NtStatus PipeClosing = new(0xC00000B1);
    public static readonly NtStatus PipeBroken = new(0xC000014B);
    public static readonly NtStatus FileClosed = new(0xC0000128);
    public static readonly NtStatus DirectoryNotEmpty = new(0xC0000101);
    public static readonly NtStatus NotADirectory = new(0xC0000103);
    public static readonly NtStatus Cancelled = new(0xC0000120);
    public static readonly NtStatus CannotDelete = new(0xC0000121);
    public static readonly NtStatus FileLockConflict = new(0xC0000054);
    public static readonly NtStatus LockNotGranted = new(0xC0000055);
    public static readonly NtStatus MediaWriteProtected = new(0xC00000A2);
    public static readonly NtStatus InvalidNetworkResponse = new(0xC00000C3);
    public static readonly NtStatus UnexpectedNetworkError = new(0xC00000C4);
    public static readonly NtStatus TooManyOpenedFiles = new(0xC000011F);
    public static readonly NtStatus UserSessionDeleted = new(0xC0000203);
    public static readonly NtStatus NetworkSessionExpired = new(0xC000035C);
    public static readonly NtStatus NotFound = new(0xC0000225);
    public static readonly NtStatus RequestAborted = new(0xC0000240);
    public static readonly NtStatus InvalidLockSequence = new(0xC000001E);
    public static readonly NtStatus InvalidViewSize = new(0xC000001F);
    public static readonly NtStatus NotSameDevice = new(0xC00000D4);
    public static readonly NtStatus FileRenamed = new(0xC00000D5);
    public static readonly NtStatus WrongPassword = new(0xC000006A);
    public static readonly NtStatus NoSuchUser = new(0xC0000064);
    public static readonly NtStatus NoSuchLogonSession = new(0xC000005F);
    public static readonly NtStatus TooManySessions = new(0xC00000CE);
    public static readonly NtStatus RequestNotSupported = new(0xC00000BB);
    public static readonly NtStatus InvalidDeviceState = new(0xC0000184);
    public static readonly NtStatus FsDriverRequired = new(0xC000019C);
    public static readonly NtStatus NotAReparsePoint = new(0xC0000275);
    public static readonly NtStatus DataError = new(0xC000003E);
    public static readonly NtStatus IllegalFunction = new(0xC00000AF);
    public static readonly NtStatus IoReparseTagNotHandled = new(0xC0000279);
    public static readonly NtStatus EaTooLarge = new(0xC0000050);
    public static readonly NtStatus NoEasOnFile = new(0xC0000052);
    public static readonly NtStatus EasNotSupported = new(0xC000004F);
    public static readonly NtStatus NotAllAssigned = new(0x00000106);
    public static readonly NtStatus InternalError = new(0xC00000E5);
    public static readonly NtStatus DuplicateObjectId = new(0xC000022A);
    public static readonly NtStatus ObjectIdNotFound = new(0xC00002F0);
    public static readonly NtStatus HostUnreachable = new(0xC000023D);
    public static readonly NtStatus NetworkUnreachable = new(0xC000023C);
    public static readonly NtStatus UserMappedFile = new(0xC0000243);
    public static readonly NtStatus DeviceFeatureNotSupported = new(0xC0000463);
    public static readonly NtStatus InvalidSignature = new(0xC000A000);
    public static readonly NtStatus DuplicateName = new(0xC00000BD);
    public static readonly NtStatus FileInvalid = new(0xC0000098);
    public static readonly NtStatus ConnectionDisconnected = new(0xC000020C);
    public static readonly NtStatus ConnectionReset = new(0xC000020D);
    public static readonly NtStatus InvalidAddress = new(0xC0000141);
    public static readonly NtStatus ServerUnavailable = new(0xC0000466);

    // MS-ERREF 2.3.1: RPC_NT_* values, used where a DCE/RPC pipe reports a protocol or stub error.
    public static readonly NtStatus RpcProtocolError = new(0xC002001D);
    public static readonly NtStatus RpcBadStubData = new(0xC003000C);
    public static readonly NtStatus InvalidEaName = new(0x80000013);
    public static readonly NtStatus EaListInconsistent = new(0x80000014);
    public static readonly NtStatus UnknownRevision = new(0xC0000058);
    public static readonly NtStatus InvalidAcl = new(0xC0000077);
    public static readonly NtStatus InvalidSid = new(0xC0000078);
    public static readonly NtStatus InvalidSecurityDescr = new(0xC0000079);
    public static readonly NtStatus UnexpectedIoError = new(0xC00000E9);
    public static readonly NtStatus TooManyLinks = new(0xC0000265);
    public static readonly NtStatus InvalidLockRange = new(0xC00001A1);

    // MS-ERREF 2.3.1: a non-blocking read (FILE_PIPE_COMPLETE_OPERATION) found no data in the pipe.
    public static readonly NtStatus PipeEmpty = new(0xC00000D9);
    public static readonly NtStatus BadImpersonationLevel = new(0xC00000A5);
    public static readonly NtStatus InvalidOplockProtocol = new(0xC00000E3);

    public override string ToString() => NtStatusNames.NameOf(this);
}
