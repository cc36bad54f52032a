namespace SmbServer.Smb2;

/// <summary>
/// The command sequence window of a connection (MS-SMB2 3.3.1.1): the message ids the client may use
/// are those granted and not yet used. Each request consumes CreditCharge ids starting at its
/// MessageId; each response grants new ids at the top of the window. Loop-owned.
/// </summary>
public sealed class Smb2CreditWindow
{
    private readonly int _maxCredits;
    private readonly HashSet<ulong> _usedAboveLow = new();
    private ulong _low;   // lowest id not yet used
    private ulong _high;  // first id not yet granted

    public Smb2CreditWindow(int maxCredits)
    {
        _maxCredits = maxCredits;
        _high = 1; // MS-SMB2 3.3.1.1: the window starts with message id 0 granted.
    }

    /// <summary>Ids granted and not yet used: the client's current credits.</summary>
    public long Outstanding => (long)(_high - _low) - _usedAboveLow.Count;

    /// <summary>Consumes <paramref name="charge"/> ids from <paramref name="messageId"/>; false if any is outside the window or used.</summary>
    public bool TryConsume(ulong messageId, ushort charge)
    {
        ulong count = Math.Max((ushort)1, charge);
        if (messageId < _low || messageId + count > _high || messageId + count < messageId) return false;
        for (ulong id = messageId; id < messageId + count; id++)
            if (id != _low && _usedAboveLow.Contains(id)) return false;
        for (ulong id = messageId; id < messageId + count; id++)
        {
            if (id == _low) _low++;
            else _usedAboveLow.Add(id);
        }
        while (_usedAboveLow.Remove(_low)) _low++;
        return true;
    }

    /// <summary>
    /// Grants up to <paramref name="requested"/> new credits (at least one while the client holds none,
    /// so it can never be starved), keeping the window within the configured maximum. Returns the grant.
    /// </summary>
    public ushort Grant(ushort requested, ushort charge)
    {
        long want = Math.Max(requested, (ushort)1);
        long room = _maxCredits - Outstanding;
        long grant = Math.Min(want, room);
        if (grant <= 0) grant = Outstanding == 0 ? 1 : 0;
        _high += (ulong)grant;
        return (ushort)grant;
    }
}
