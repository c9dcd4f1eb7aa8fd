package com.microenv.cli.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only their owner may read: downloads of variables, fallback copies. */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    /**
     * Writes {@code content} to a temporary file created 0600 beside {@code file}, then moves it over {@code file}, so
     * no reader ever sees a half-written file and the content is never readable by others, not even for a moment.
     *
     * @throws NoSuchFileException when the folder does not exist
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no such folder");
        }
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + "-", ".tmp", privateFile(directory));
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static FileAttribute<?>[] privateFile(Path directory) {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
