package jmon.engine.logs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The system calls a log file is written with, as a seam: {@link #LIBC} in the daemon, a failing fake in tests.
 * A log file is a plain descriptor (not a {@code FileChannel}) because the pipe reactor moves bytes into it with
 * splice(2), which needs the descriptor and refuses {@code O_APPEND}: the end is found with lseek before each
 * write instead, so a file truncated by an outside tool is still appended to at its real end.
 * Every failure is an {@link IOException} whose message names the error (e.g. "No space left on device").
 */
public interface LogIo {
    /** Opens (creating, mode 0600: logs hold what apps print, secrets included) for writing, not appending. */
    int open(String path) throws IOException;

    /**
     * Opens with {@code mode} for a new file; with {@code noFollow} a path whose last part is a symbolic link is
     * refused (O_NOFOLLOW: ELOOP), whatever it points at.
     */
    default int open(String path, boolean noFollow, int mode) throws IOException { return open(path); }

    /** write(2) once; returns the bytes written. */
    int write(int fd, ByteBuffer b) throws IOException;

    /** splice(2) up to {@code len} bytes from the pipe {@code pipeFd} to the file's position; returns the bytes moved. */
    long splice(int pipeFd, int fd, long len) throws IOException;

    /** Moves the position to the end; returns it (the file's size). */
    long seekEnd(int fd) throws IOException;

    void truncate(int fd) throws IOException;

    void close(int fd);

    /** errno for splice(2) where the file system cannot take it: the caller writes instead. */
    int EINVAL = 22;

    /** An {@link IOException} that keeps the errno, so callers can tell "splice unsupported" from "disk full". */
    final class Failure extends IOException {
        public final int errno;

        public Failure(String what, int errno) {
            super(what + ": " + describe(errno));
            this.errno = errno;
        }
    }

    static String describe(int errno) {
        String s = Libc.C.strerror(errno);
        return (s == null ? "errno " + errno : s) + " (errno " + errno + ")";
    }

    LogIo LIBC = new Libc();

    /** The real calls, through JNA (already on the class path). */
    final class Libc implements LogIo {
        interface Lib extends Library {
            int open(String path, int flags, int mode);

            long write(int fd, ByteBuffer buf, long count);

            long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

            long lseek(int fd, long offset, int whence);

            int ftruncate(int fd, long length);

            int close(int fd);

            String strerror(int errnum);
        }

        static final Lib C = Native.load("c", Lib.class);
        private static final int O_WRONLY = 1, O_CREAT = 0100, O_CLOEXEC = 02000000, SEEK_END = 2;
        private static final int EINTR = 4, SPLICE_F_MOVE = 1, SPLICE_F_NONBLOCK = 2;

        /** O_NOFOLLOW differs by architecture: 0100000 on ARM, 0400000 on x86 and most others. */
        private static final int O_NOFOLLOW = System.getProperty("os.arch", "").startsWith("aarch64")
                || System.getProperty("os.arch", "").startsWith("arm") ? 0100000 : 0400000;

        @Override
        public int open(String path) throws IOException {
            return open(path, false, 0600);
        }

        @Override
        public int open(String path, boolean noFollow, int mode) throws IOException {
            int fd = C.open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (noFollow ? O_NOFOLLOW : 0), mode);
            if (fd < 0) throw new Failure("open", Native.getLastError());
            return fd;
        }

        @Override
        public int write(int fd, ByteBuffer b) throws IOException {
            while (true) {
                long n = C.write(fd, b, b.remaining());
                if (n >= 0) return (int) n;
                int e = Native.getLastError();
                if (e != EINTR) throw new Failure("write", e);
            }
        }

        @Override
        public long splice(int pipeFd, int fd, long len) throws IOException {
            while (true) {
                long n = C.splice(pipeFd, null, fd, null, len, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
                if (n >= 0) return n;
                int e = Native.getLastError();
                if (e != EINTR) throw new Failure("splice", e);
            }
        }

        @Override
        public long seekEnd(int fd) throws IOException {
            long p = C.lseek(fd, 0, SEEK_END);
            if (p < 0) throw new Failure("lseek", Native.getLastError());
            return p;
        }

        @Override
        public void truncate(int fd) throws IOException {
            if (C.ftruncate(fd, 0) != 0) throw new Failure("ftruncate", Native.getLastError());
        }

        @Override
        public void close(int fd) {
            C.close(fd);
        }
    }
}
