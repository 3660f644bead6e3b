using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QanDu.Dashboard.Features.TwoFactor;

/// <summary>
/// RFC 6238 time-based one-time codes as authenticator apps make them: HMAC-SHA1 over the 30-second step since the Unix
/// epoch, six digits. Identity's own provider does not say which step a code matched, which the replay check needs.
/// </summary>
public static class Totp
{
    public static readonly TimeSpan StepLength = TimeSpan.FromSeconds(30);

    /// <summary>The step a moment falls in.</summary>
    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / (long)StepLength.TotalSeconds;

    /// <summary>The six-digit code of <paramref name="key"/> for <paramref name="step"/>.</summary>
    public static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0F;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The step within one step either side of <paramref name="now"/> (clocks drift) whose code is <paramref name="code"/>,
    /// newest first; null when none matches.
    /// </summary>
    public static long? MatchingStep(byte[] key, string code, DateTimeOffset now)
    {
        var current = StepAt(now);
        for (var step = current + 1; step >= current - 1; step--)
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(key, step)), System.Text.Encoding.ASCII.GetBytes(code)))
                return step;
        return null;
    }

    /// <summary>Decodes RFC 4648 Base32 (the key Identity generates and apps are given), ignoring spaces, dashes and case.</summary>
    public static byte[] FromBase32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is ' ' or '-' or '=')
                continue;
            var value = Alphabet.IndexOf(c);
            if (value < 0)
                throw new FormatException($"'{c}' is not a Base32 character.");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8)
                continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }
        return [.. bytes];
    }
}
