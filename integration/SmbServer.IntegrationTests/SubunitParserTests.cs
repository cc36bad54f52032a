using SmbServer.IntegrationTests.Clients;

namespace SmbServer.IntegrationTests;

/// <summary>The subunit reader, on text shaped like smbtorture 4.17's output.</summary>
public sealed class SubunitParserTests
{
    [Fact]
    public void ReadsEveryOutcomeWithItsDetails()
    {
        const string text = """
            smbtorture 4.17.12-Debian
            Using seed 1795438464
            time: 2026-11-23 12:54:24.108624
            test: connect
            Failed to connect to SMB2 share \\127.0.0.1\share - NT_STATUS_LOGON_FAILURE
            failure: connect [
            ../../source4/torture/smb2/connect.c:207: Expression `ok' failed
            ]
            test: tcon
            server fails write with wrong TID : NT_STATUS_FILE_CLOSED
            success: tcon
            test: a
            skip: a [
            not supported
            ]
            test: b
            error: b [
            boom
            ]
            test: c
            xfail: c [
            known
            ]
            test: d
            uxsuccess: d
            """;

        var tests = SubunitParser.Parse(text);

        Assert.Equal(
            [
                new TortureTest("connect", TortureOutcome.Failure, "../../source4/torture/smb2/connect.c:207: Expression `ok' failed"),
                new TortureTest("tcon", TortureOutcome.Success, ""),
                new TortureTest("a", TortureOutcome.Skip, "not supported"),
                new TortureTest("b", TortureOutcome.Error, "boom"),
                new TortureTest("c", TortureOutcome.Xfail, "known"),
                new TortureTest("d", TortureOutcome.Uxsuccess, ""),
            ],
            tests);
    }

    [Fact]
    public void TestWithoutOutcomeIsAnError()
    {
        var tests = SubunitParser.Parse("test: connect\nsuccess: connect\ntest: tcon\nsome output\n");

        Assert.Equal(2, tests.Count);
        Assert.Equal(TortureOutcome.Success, tests[0].Outcome);
        Assert.Equal("tcon", tests[1].Name);
        Assert.Equal(TortureOutcome.Error, tests[1].Outcome);
    }

    [Fact]
    public void UnterminatedDetailsRunToTheEnd()
    {
        var tests = SubunitParser.Parse("test: x\nfailure: x [\nline 1\nline 2");

        Assert.Equal([new TortureTest("x", TortureOutcome.Failure, "line 1\nline 2")], tests);
    }

    [Fact]
    public void IgnoresLinesThatOnlyLookAlike()
    {
        var tests = SubunitParser.Parse("successes: 3\nsuccess:\nerror in setup\ntime: 2026-11-23\n");

        Assert.Empty(tests);
    }
}
