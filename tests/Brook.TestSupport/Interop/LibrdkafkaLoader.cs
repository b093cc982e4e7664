using System.Reflection;
using System.Runtime.InteropServices;

namespace Brook.TestSupport.Interop;

/// <summary>
/// Resolves <see cref="LibrdkafkaNative.Library"/> to the same librdkafka file Confluent.Kafka loaded, so the mock
/// cluster and the Confluent clients share one copy of the native library in the process.
/// </summary>
/// <remarks>
/// Order: let Confluent.Kafka load its library first (<c>Library.Load()</c>, which on Debian 12 falls back from
/// <c>librdkafka.so</c> — it needs the absent <c>libsasl2.so.3</c> — to the self-contained
/// <c>centos8-librdkafka.so</c>); on Linux read <c>/proc/self/maps</c> to find the file it mapped and open that
/// one. Without Confluent's answer, try the package's files in <c>runtimes/&lt;rid&gt;/native/</c> next to this
/// assembly: the default build, then the centos8 build. A system-installed librdkafka is never used.
/// </remarks>
public static class LibrdkafkaLoader
{
    private static readonly Lazy<(nint Handle, string Path)> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _registered;

    /// <summary>The full path of the librdkafka file the P/Invoke declarations are bound to (loads it if needed).</summary>
    public static string LoadedPath => Loaded.Value.Path;

    /// <summary>The librdkafka version string, e.g. <c>2.16.0</c>.</summary>
    public static string Version => Marshal.PtrToStringUTF8(LibrdkafkaNative.VersionStr()) ?? string.Empty;

    /// <summary>Registers the import resolver for this assembly; idempotent and thread-safe.</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaLoader).Assembly, Resolve);
        }
    }

    /// <summary>
    /// Full paths of every librdkafka file mapped into this process (Linux only; empty elsewhere). Used to prove
    /// there is exactly one.
    /// </summary>
    public static IReadOnlyList<string> MappedLibrdkafkaFiles()
    {
        var found = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            return found;
        }

        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..].Trim();
            var file = System.IO.Path.GetFileName(path);
            if (file.Contains("librdkafka", StringComparison.Ordinal) && file.EndsWith(".so", StringComparison.Ordinal)
                && !found.Contains(path))
            {
                found.Add(path);
            }
        }

        return found;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibrdkafkaNative.Library ? Loaded.Value.Handle : 0;

    private static (nint Handle, string Path) Load()
    {
        var tried = new List<string>();

        // 1. Whatever Confluent.Kafka chose. Library.Load() is a no-op when it is already loaded.
        try
        {
            Confluent.Kafka.Library.Load();
        }
        catch (DllNotFoundException e)
        {
            tried.Add("Confluent.Kafka.Library.Load(): " + e.Message);
        }

        foreach (var mapped in MappedLibrdkafkaFiles())
        {
            if (NativeLibrary.TryLoad(mapped, out var handle))
            {
                return (handle, mapped);
            }

            tried.Add(mapped + " (mapped by Confluent.Kafka, but could not be opened)");
        }

        // 2. The package's files next to this assembly, in Confluent's order.
        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return (handle, candidate);
            }

            tried.Add(candidate);
        }

        throw new DllNotFoundException(
            "Could not load librdkafka for the mock-cluster P/Invoke. Tried: " + string.Join("; ", tried) +
            ". Reference the librdkafka.redist NuGet package (Brook.TestSupport does) and build the executable project " +
            "so runtimes/<rid>/native/ is copied next to it; on Linux without libsasl2.so.3 the centos8 build is used.");
    }

    private static IEnumerable<string> Candidates()
    {
        var baseDir = AppContext.BaseDirectory;
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        if (OperatingSystem.IsLinux())
        {
            var native = System.IO.Path.Combine(baseDir, "runtimes", "linux-" + arch, "native");
            yield return System.IO.Path.Combine(native, "librdkafka.so");
            yield return System.IO.Path.Combine(native, "centos8-librdkafka.so");
            yield return System.IO.Path.Combine(native, "alpine-librdkafka.so");
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return System.IO.Path.Combine(baseDir, "runtimes", "osx-" + arch, "native", "librdkafka.dylib");
        }
        else if (OperatingSystem.IsWindows())
        {
            yield return System.IO.Path.Combine(baseDir, "runtimes", "win-" + arch, "native", "librdkafka.dll");
            yield return System.IO.Path.Combine(baseDir, "librdkafka", arch, "librdkafka.dll");
        }
    }
}
