using Protocol.Dcerpc;
using Protocol.Dcerpc.Srvsvc;
using Protocol.Dcerpc.Wkssvc;

namespace Ntvfs.Ipc;

/// <summary>
/// The named pipes IPC$ serves: each name maps to the RPC interfaces a new instance of the pipe offers. Filled once
/// at startup (<see cref="Add"/>), then only read, so one registry may serve every loop.
/// </summary>
public sealed class IpcPipeRegistry
{
    private readonly Dictionary<string, Entry> _pipes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registered names, as registered.</summary>
    public IEnumerable<string> Names => _pipes.Values.Select(e => e.Name);

    /// <summary>
    /// The pipes of the server: srvsvc (share list, server info: what `smbclient -L` and Explorer ask) and wkssvc
    /// (workstation info). The sources are read at every call, so a reloaded configuration shows on the next call.
    /// </summary>
    public static IpcPipeRegistry CreateDefault(ISrvsvcShareSource shares, IWkssvcSource workstation)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(workstation);
        var srvsvc = new SrvsvcInterface(shares);
        var wkssvc = new WkssvcInterface(workstation);
        // Both interfaces keep no per-association state (they read their source at each call), so every pipe
        // instance can share one object.
        return new IpcPipeRegistry()
            .Add("srvsvc", () => [srvsvc])
            .Add("wkssvc", () => [wkssvc]);
    }

    /// <summary>
    /// Registers <paramref name="name"/> (a bare pipe name, e.g. "srvsvc"); <paramref name="interfaces"/> is called
    /// for every open of the pipe. Startup only: not safe once the registry is serving.
    /// </summary>
    public IpcPipeRegistry Add(string name, Func<IReadOnlyList<IDcerpcInterface>> interfaces)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        if (!IpcPipeName.TryNormalize(name, out string bare) || bare != name)
            throw new ArgumentException($"'{name}' is not a bare pipe name", nameof(name));
        _pipes.Add(name, new Entry(name, interfaces));
        return this;
    }

    /// <summary>
    /// Finds the pipe a client's CREATE names (see <see cref="IpcPipeName.TryNormalize"/> for the accepted forms).
    /// False for unknown names and refused ones alike: both are STATUS_OBJECT_NAME_NOT_FOUND to the client.
    /// </summary>
    public bool TryResolve(string requested, out string pipeName, out Func<IReadOnlyList<IDcerpcInterface>> interfaces)
    {
        pipeName = "";
        interfaces = null!;
        if (!IpcPipeName.TryNormalize(requested, out string bare)) return false;
        if (!_pipes.TryGetValue(bare, out var entry)) return false;
        // The registered spelling, not the client's: it goes into the bind_ack's secondary address (\PIPE\srvsvc).
        pipeName = entry.Name;
        interfaces = entry.Interfaces;
        return true;
    }

    private readonly record struct Entry(string Name, Func<IReadOnlyList<IDcerpcInterface>> Interfaces);
}
