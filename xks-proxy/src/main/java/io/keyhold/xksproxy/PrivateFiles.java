package io.keyhold.xksproxy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only the proxy's user may read (key stores, private keys), replaced atomically. */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    /** Writes {@code content} beside {@code target} with mode 0600 and moves it over {@code target}. */
    public static void writeAtomically(Path target, IoConsumer content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = createPrivateTemporary(directory, target.getFileName().toString());
        try {
            content.writeTo(temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path createPrivateTemporary(Path directory, String prefix) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(directory, prefix, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(directory, prefix, ".tmp");
    }

    /** Fills the temporary file. */
    @FunctionalInterface
    public interface IoConsumer {
        void writeTo(Path file) throws IOException;
    }
}
