namespace Protocol.Dcerpc.Wkssvc;

/// <summary>Where wkssvc reads the workstation's identity from (the server's configuration), at each call.</summary>
public interface IWkssvcSource
{
    WkstaInfo Workstation { get; }
}
