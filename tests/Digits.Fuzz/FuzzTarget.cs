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

    /// <summary>Reads one input; throws when reading it is a failure.</summary>
    /// <param name="input">The bytes.</param>
    /// <exception cref="FuzzFailureException">The input made the reader allocate too much.</exception>
    public void Read(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
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
    }
}
