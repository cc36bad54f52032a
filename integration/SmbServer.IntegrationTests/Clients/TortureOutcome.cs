namespace SmbServer.IntegrationTests.Clients;

/// <summary>The outcomes a subunit v1 stream reports for one test.</summary>
public enum TortureOutcome
{
    Success,
    Failure,
    Error,
    Skip,
    /// <summary>Expected failure (known-failing, reported as such).</summary>
    Xfail,
    /// <summary>Unexpected success of an expected failure.</summary>
    Uxsuccess,
}
