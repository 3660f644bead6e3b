using System.IO.Compression;
using System.Text;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>Small, real files of each kind (a browser can decode the image and play the audio), made in code.</summary>
public static class TestFiles
{
    /// <summary>A valid RGB PNG of one colour.</summary>
    public static byte[] Png(int width = 64, int height = 48, byte r = 0x2E, byte g = 0x7D, byte b = 0xD1) => Png(width, height, r, g, b, noise: false);

    /// <summary>A PNG of coloured noise: it does not compress, so its size is about width × height × 3 bytes.</summary>
    public static byte[] NoisyPng(int width, int height) => Png(width, height, 0x2E, 0x7D, 0xD1, noise: true);

    private static byte[] Png(int width, int height, byte r, byte g, byte b, bool noise)
    {
        var random = new Random(42);
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++)
            {
                var shade = (byte)(x * 255 / Math.Max(1, width - 1));
                if (noise)
                    raw.Write([(byte)random.Next(256), (byte)((g + shade) / 2), (byte)random.Next(256)]);
                else
                    raw.Write([r, (byte)((g + shade) / 2), b]);
            }
        }
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            raw.WriteTo(zlib);

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBigEndian(header, 0, width);
        WriteBigEndian(header, 4, height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A one-page PDF that says <paramref name="text"/>.</summary>
    public static byte[] Pdf(string text = "Invoice") => Encoding.ASCII.GetBytes(
        $"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        $"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R>>endobj\n" +
        $"4 0 obj<</Length 30>>stream\nBT /F1 12 Tf 10 50 Td ({text}) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>A WAV of a quiet tone, <paramref name="seconds"/> long (8 kHz, 8-bit mono).</summary>
    public static byte[] Wav(double seconds = 1)
    {
        const int rate = 8000;
        var samples = (int)(rate * seconds);
        var wav = new MemoryStream();
        using var w = new BinaryWriter(wav, Encoding.ASCII, leaveOpen: true);
        w.Write("RIFF"u8);
        w.Write(36 + samples);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1); // PCM
        w.Write((short)1); // mono
        w.Write(rate);
        w.Write(rate); // bytes per second
        w.Write((short)1);
        w.Write((short)8);
        w.Write("data"u8);
        w.Write(samples);
        for (var i = 0; i < samples; i++)
            w.Write((byte)(128 + 20 * Math.Sin(i * 2 * Math.PI * 440 / rate)));
        w.Flush();
        return wav.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBigEndian(length, 0, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, (int)Crc32(typed));
        png.Write(crc);
    }

    private static void WriteBigEndian(byte[] target, int offset, int value)
    {
        target[offset] = (byte)(value >> 24);
        target[offset + 1] = (byte)(value >> 16);
        target[offset + 2] = (byte)(value >> 8);
        target[offset + 3] = (byte)value;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
