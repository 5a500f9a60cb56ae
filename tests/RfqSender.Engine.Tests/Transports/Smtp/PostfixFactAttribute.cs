namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>
/// A test against the local Postfix: skipped on a machine without it, but run (and failing) when
/// CI=true or RFQSENDER_SMTP_TESTS=1, so CI cannot pass without the server.
/// </summary>
public sealed class PostfixFactAttribute : FactAttribute
{
    public PostfixFactAttribute()
    {
        if (!PostfixTestServer.Required && PostfixTestServer.Instance is null)
        {
            Skip = "No local Postfix for the SMTP tests (run tests/ci/install-test-services.sh as root, or set RFQSENDER_SMTP_TESTS=1 to require it).";
        }
    }
}
