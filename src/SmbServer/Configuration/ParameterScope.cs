namespace SmbServer.Configuration;

/// <summary>Where a parameter may be set (Samba's (G) and (S) marks).</summary>
public enum ParameterScope
{
    /// <summary>Only in [global]; in a share section it is ignored with a warning.</summary>
    Global,

    /// <summary>In a share section; set in [global] it becomes the default for every share.</summary>
    Share,
}
