using Digits.Files;

namespace Digits.Tests.Files;

/// <summary>
/// While alive, every atomic file write in this test's flow fails like a full disk once <c>bytes</c> have been
/// written: the bytes up to there reach the file, then the write throws <see cref="IOException"/>.
/// </summary>
internal sealed class FullDisk : IDisposable
{
    private readonly Func<Stream, Stream>? _before;

    public FullDisk(long bytes)
    {
        _before = AtomicFile.StreamForTests.Value;
        AtomicFile.StreamForTests.Value = stream => new FillingStream(stream, bytes);
    }

    public void Dispose() => AtomicFile.StreamForTests.Value = _before;

    private sealed class FillingStream(Stream inner, long room) : Stream
    {
        private long _room = room;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int fits = (int)Math.Min(buffer.Length, _room);
            inner.Write(buffer[..fits]);
            _room -= fits;
            if (fits < buffer.Length)
            {
                throw new IOException("No space left on device");
            }
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
