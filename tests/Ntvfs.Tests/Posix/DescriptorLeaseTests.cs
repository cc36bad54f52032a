using Ntvfs.Posix;
using Ntvfs.Posix.Native;

namespace Ntvfs.Tests.Posix;

public class DescriptorLeaseTests
{
    [Fact]
    public void ALeasedDescriptorStaysOpenUntilTheLeaseEndsEvenWhenDisposed()
    {
        string dir = Directory.CreateTempSubdirectory("lease").FullName;
        try
        {
            var fd = Libc.openat(SafeFileDescriptor.CurrentDirectory, dir, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
            Assert.False(fd.IsInvalid);
            Assert.True(DescriptorLease.TryAcquire(fd, out DescriptorLease lease));
            using (DescriptorLease held = lease)
            {
                fd.Dispose(); // the CLOSE on the loop
                // Still usable by the job that holds the lease: the descriptor is not closed yet.
                Assert.Equal(0, FileStatus.TryGet(fd, "", Libc.AT_EMPTY_PATH, out FileStatus st));
                Assert.True(st.IsDirectory);
            }
            // Released and disposed: no new lease, and calls fail instead of reaching a reused number.
            Assert.False(DescriptorLease.TryAcquire(fd, out _));
            Assert.True(fd.IsClosed);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
