namespace RfqSender.Web.Tests.Fakes;

/// <summary>An /authorize request the fake provider answered (or refused), as it came.</summary>
public sealed record FakeAuthorizationRequest(
    string? ClientId,
    string? RedirectUri,
    string? ResponseType,
    string? ResponseMode,
    string? Scope,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? Error);
