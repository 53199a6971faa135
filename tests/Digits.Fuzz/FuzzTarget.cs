namespace Digits.Fuzz;

/// <summary>
/// One reader of untrusted bytes, as the fuzzer and the corpus replay call it: <see cref="Read"/> hands it the
/// bytes and lets through only what is a failure. A reader's own documented error (a bad file, said clearly) is
/// an answer, not a failure, so it is caught here; any other exception escapes.
/// </summary>
/// <param name="Name">The name on the command line and of the corpus folder.</param>
/// <param name="Parse">Reads the bytes, throwing the reader's own error type when they are bad.</param>
/// <param name="Documented">The reader's own error type.</param>
public sealed record FuzzTarget(string Name, Action<byte[]> Parse, Type? Documented)
{
    /// <summary>The most one input under 1 MB may allocate: more is a failure even when the answer is right.</summary>
    public const long MaxAllocatedBytes = 200L * 1024 * 1024;

    /// <summary>
    /// Gets a value indicating whether the reader calls native code (OpenCV), which can take memory the managed
    /// count does not see and can hang or end the process in ways no catch stops: the fuzzer runs such a target
    /// in a child process and watches the whole process's peak memory.
    /// </summary>
    public bool RunsNativeCode { get; init; }

    /// <summary>Reads one input; throws when reading it is a failure.</summary>
    /// <param name="input">The bytes.</param>
    /// <param name="watchProcessMemory">Also fail when the process's peak resident memory grows over the limit
    /// (only where nothing else runs in the process: under the fuzzer, not in the tests).</param>
    /// <exception cref="FuzzFailureException">The input made the reader allocate too much.</exception>
    public void Read(byte[] input, bool watchProcessMemory = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool watching = watchProcessMemory && PeakMemory.Reset();
        long residentBefore = watching ? PeakMemory.ResidentBytes() ?? 0 : 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Parse(input);
        }
        catch (Exception ex) when (Documented is not null && ex.GetType() == Documented)
        {
            // The reader said what is wrong: that is the right answer to bad bytes.
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (input.Length < 1024 * 1024 && allocated > MaxAllocatedBytes)
        {
            throw new FuzzFailureException($"{Name}: an input of {input.Length:N0} bytes allocated {allocated:N0} bytes");
        }

        long grown = watching ? (PeakMemory.Bytes() ?? 0) - residentBefore : 0;
        if (input.Length < 1024 * 1024 && grown > MaxAllocatedBytes)
        {
            throw new FuzzFailureException($"{Name}: an input of {input.Length:N0} bytes made the process take {grown:N0} more bytes of memory");
        }
    }
}
