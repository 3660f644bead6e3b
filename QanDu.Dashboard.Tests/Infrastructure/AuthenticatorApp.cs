using System.Security.Cryptography;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// What an authenticator app does with the key the dashboard shows (RFC 6238: HMAC-SHA1 over 30-second steps, six
/// digits), written here independently of the app's own code so the tests check the app against the standard.
/// </summary>
public sealed class AuthenticatorApp(string shownKey)
{
    private readonly byte[] _key = FromBase32(shownKey);

    public static long StepNow => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

    /// <summary>The code the app shows at <paramref name="step"/> (now, unless given).</summary>
    public string Code(long? step = null)
    {
        var counter = BitConverter.GetBytes(step ?? StepNow);
        if (BitConverter.IsLittleEndian)
            Array.Reverse(counter);
        var hash = HMACSHA1.HashData(_key, counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    /// <summary>A six-digit code that is none of the codes around now (a wrong code, certainly).</summary>
    public string WrongCode()
    {
        var near = Enumerable.Range(-3, 7).Select(d => Code(StepNow + d)).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("D6")).First(c => !near.Contains(c));
    }

    private static byte[] FromBase32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.ToUpperInvariant().Where(c => c is not (' ' or '='))
            .Select(c => Convert.ToString(Alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
