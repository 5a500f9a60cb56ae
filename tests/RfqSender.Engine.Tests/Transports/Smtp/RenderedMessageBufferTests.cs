using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Transports.Smtp;

public sealed class RenderedMessageBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(300_000)]
    public async Task What_is_written_comes_back_whole_in_memory_or_from_a_file(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        foreach (var limit in new long[] { 1024 * 1024, 100_000 })
        {
            using var buffer = new RenderedMessageBuffer(limit);
            for (var offset = 0; offset < size; offset += 7919)
            {
                buffer.Write(bytes, offset, Math.Min(7919, size - offset));
            }

            Assert.Equal(size, buffer.Length);
            Assert.Equal(size > limit, buffer.IsFileBacked);
            for (var pass = 0; pass < 2; pass++)
            {
                using var copy = new MemoryStream();
                await buffer.WriteToAsync(copy, CancellationToken.None);
                Assert.Equal(bytes, copy.ToArray());
            }

            buffer.Clear();
            Assert.Equal(0, buffer.Length);
            Assert.False(buffer.IsFileBacked);
        }
    }
}
