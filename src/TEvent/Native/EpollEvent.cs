using System.Runtime.InteropServices;

namespace TEvent.Native;

/// <summary>
/// struct epoll_event { uint32_t events; epoll_data_t data; }. The kernel declares it packed on
/// x86 and x86_64 (12 bytes, data at offset 4) and naturally aligned elsewhere (16 bytes, data at
/// offset 8), so the loop reads and writes it through these helpers instead of a fixed struct.
/// </summary>
internal static unsafe class EpollEvent
{
    public static readonly bool Packed =
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    /// <summary>Bytes per element of an epoll_event array.</summary>
    public static readonly int Size = Packed ? 12 : 16;

    private static readonly int DataOffset = Packed ? 4 : 8;

    public static void Write(byte* ev, uint events, ulong data)
    {
        *(uint*)ev = events;
        *(ulong*)(ev + DataOffset) = data; // x86 tolerates the unaligned store of the packed layout
    }

    public static uint Events(byte* ev) => *(uint*)ev;

    public static ulong Data(byte* ev) => *(ulong*)(ev + DataOffset);
}
