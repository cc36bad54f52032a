namespace Protocol.Fscc;

/// <summary>FILE_FS_DEVICE_INFORMATION.Characteristics (MS-FSCC 2.5).</summary>
[Flags]
public enum DeviceCharacteristics : uint
{
    None = 0,
    RemovableMedia = 0x00000001,                // FILE_REMOVABLE_MEDIA
    ReadOnlyDevice = 0x00000002,                // FILE_READ_ONLY_DEVICE
    FloppyDiskette = 0x00000004,                // FILE_FLOPPY_DISKETTE
    WriteOnceMedia = 0x00000008,                // FILE_WRITE_ONCE_MEDIA
    RemoteDevice = 0x00000010,                  // FILE_REMOTE_DEVICE
    DeviceIsMounted = 0x00000020,               // FILE_DEVICE_IS_MOUNTED
    VirtualVolume = 0x00000040,                 // FILE_VIRTUAL_VOLUME
    DeviceSecureOpen = 0x00000100,              // FILE_DEVICE_SECURE_OPEN
    CharacteristicTsDevice = 0x00001000,        // FILE_CHARACTERISTIC_TS_DEVICE
    CharacteristicWebdavDevice = 0x00002000,    // FILE_CHARACTERISTIC_WEBDAV_DEVICE
    DeviceAllowAppcontainerTraversal = 0x00020000, // FILE_DEVICE_ALLOW_APPCONTAINER_TRAVERSAL
    PortableDevice = 0x00040000,                // FILE_PORTABLE_DEVICE
}
