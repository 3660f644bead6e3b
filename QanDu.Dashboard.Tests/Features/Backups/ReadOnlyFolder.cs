using System.Diagnostics;

namespace QanDu.Dashboard.Tests.Features.Backups;

/// <summary>
/// A folder nobody can write: a read-only tmpfs mounted on it when the tests run as root (root ignores permissions), else
/// a folder without write permission. <see cref="MakeWritable"/> puts it right, as an admin would.
/// </summary>
internal sealed class ReadOnlyFolder : IDisposable
{
    private bool _mounted;
    private bool _readOnly;

    public ReadOnlyFolder()
    {
        Directory.CreateDirectory(Path);
        if (Environment.IsPrivilegedProcess)
        {
            Run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", Path);
            _mounted = true;
        }
        else if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        _readOnly = true;
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qandu-tests", $"read-only-{Guid.NewGuid():N}");

    public void MakeWritable()
    {
        if (!_readOnly)
            return;
        if (_mounted)
            Run("umount", Path);
        else if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _readOnly = false;
    }

    public void Dispose()
    {
        MakeWritable();
        Directory.Delete(Path, recursive: true);
    }

    private static void Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{command} {string.Join(' ', args)} must work to make a read-only folder: {error}");
    }
}
