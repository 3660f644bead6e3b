using QanDu.Dashboard.Features.Webhooks;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>What a receiver checks: the signature over "{timestamp}.{body}", within the tolerance, in constant time.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_secret";
    private const string Body = """{"event":"message.created","data":{"id":42,"text":"Grüße"}}""";
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1_764_900_000);

    [Fact]
    public void Sign_KnownInput_IsLowercaseHexHmacSha256OfTimestampDotBody()
    {
        // Computed independently with the one-liner in docs/api.md:
        // { printf '%s.' 1764900000; cat body.json; } | openssl dgst -sha256 -hmac whsec_example
        WebhookSignature.Sign("whsec_example", 1_764_900_000, """{"event":"ping","deliveryId":"3f2a"}""")
            .Should().Be("sha256=e831e8acfcbb3179e9a692e1a712f9d39b1b110e667f6b243ea3ebc0c5c4f5c1");
    }

    [Fact]
    public void Verify_SignedBodyWithinTolerance_Passes()
    {
        var signature = WebhookSignature.Sign(Secret, SentAt.ToUnixTimeSeconds(), Body);

        WebhookSignature.Verify(Secret, "1764900000", Body, signature, SentAt.AddMinutes(4)).Should().BeTrue();
        WebhookSignature.Verify(Secret, "1764900000", Body, signature, SentAt.AddMinutes(-4)).Should().BeTrue("a receiver's clock may run behind");
    }

    [Fact]
    public void Verify_AnythingChanged_Fails()
    {
        var signature = WebhookSignature.Sign(Secret, SentAt.ToUnixTimeSeconds(), Body);

        WebhookSignature.Verify(Secret, "1764900000", Body + " ", signature, SentAt).Should().BeFalse("the body changed");
        WebhookSignature.Verify(Secret, "1764900001", Body, signature, SentAt).Should().BeFalse("the timestamp is signed too");
        WebhookSignature.Verify("another secret", "1764900000", Body, signature, SentAt).Should().BeFalse("the secret differs");
        WebhookSignature.Verify(Secret, "1764900000", Body, signature.ToUpperInvariant().Replace("SHA256=", "sha256=") + "00", SentAt).Should().BeFalse();
        WebhookSignature.Verify(Secret, "1764900000", Body, signature[7..], SentAt).Should().BeFalse("the sha256= prefix is required");
        WebhookSignature.Verify(Secret, "1764900000", Body, "sha256=not-hex", SentAt).Should().BeFalse();
        WebhookSignature.Verify(Secret, null, Body, signature, SentAt).Should().BeFalse();
        WebhookSignature.Verify(Secret, "1764900000", Body, null, SentAt).Should().BeFalse();
    }

    [Fact]
    public void Verify_OldOrFutureTimestamp_FailsAsAReplay()
    {
        var signature = WebhookSignature.Sign(Secret, SentAt.ToUnixTimeSeconds(), Body);

        WebhookSignature.Verify(Secret, "1764900000", Body, signature, SentAt.AddMinutes(5).AddSeconds(1)).Should().BeFalse();
        WebhookSignature.Verify(Secret, "1764900000", Body, signature, SentAt.AddMinutes(-6)).Should().BeFalse();
        WebhookSignature.Verify(Secret, "1764900000", Body, signature, SentAt.AddHours(1), TimeSpan.FromHours(2)).Should().BeTrue("the tolerance is the receiver's choice");
        WebhookSignature.Verify(Secret, "-5", Body, signature, SentAt).Should().BeFalse();
    }
}
