using System.Runtime.InteropServices;

namespace MynaEvents.Edge.ServerApi;

/// <summary>
/// Files only the edge's own user may read: the device credential and the offline queue (which
/// holds card certificates until they are delivered). On Unix the data directory is 0700 and
/// the files 0600. On Windows the data directory is under the user's profile, whose inherited
/// ACL already keeps other users out; Unix modes do not apply there.
/// </summary>
internal static partial class PrivateFiles
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the data directory if needed (0700 on Unix) and returns its full path.</summary>
    public static string EnsureDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(full);
        else if (!Directory.Exists(full)) Directory.CreateDirectory(full, DirectoryMode);
        return full;
    }

    /// <summary>Creates an empty file readable by the owner only, unless it exists; an existing file is narrowed to 0600.</summary>
    public static void EnsureFile(string path)
    {
        if (File.Exists(path))
        {
            Narrow(path);
            return;
        }
        try
        {
            using var created = new FileStream(path, Options(System.IO.FileMode.CreateNew));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another opener created it first.
            Narrow(path);
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> atomically: a reader sees
    /// the old file or the new one, never half of one, also after a power loss.
    /// </summary>
    public static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, Options(System.IO.FileMode.CreateNew)))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            SyncDirectory(Path.GetDirectoryName(path)!);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static FileStreamOptions Options(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return options;
    }

    private static void Narrow(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        if ((File.GetUnixFileMode(path) & ~FileMode) != 0) File.SetUnixFileMode(path, FileMode);
    }

    /// <summary>A rename is durable only once its directory is synced (Linux, macOS); Windows' MoveFileEx needs no extra step.</summary>
    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var descriptor = Open(directory, 0);
        if (descriptor < 0) return;
        try
        {
            _ = Fsync(descriptor);
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
