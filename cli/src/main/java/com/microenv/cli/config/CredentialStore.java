package com.microenv.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The CLI tokens of this user, one per API URL, in {@code credentials.json} (mode 0600, folder 0700). A token is
 * only ever sent to the API URL it was stored for. A file that other users can access is not read.
 */
public final class CredentialStore {

    public static final String FILE_NAME = "credentials.json";

    private static final Set<PosixFilePermission> NOT_FOR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path directory;

    public CredentialStore(Path directory) {
        this.directory = directory;
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /**
     * The credential stored for {@code apiUrl}, if any.
     *
     * @throws InsecureFileException when the file is accessible by group or others (it is then not read)
     * @throws CredentialStoreException when the file cannot be read or parsed
     */
    public Optional<StoredCredential> find(String apiUrl) {
        Path file = file();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions = permissions(file);
        if (permissions != null && permissions.stream().anyMatch(NOT_FOR_OTHERS::contains)) {
            throw new InsecureFileException(file, PosixFilePermissions.toString(permissions));
        }
        return Optional.ofNullable(read(file).credentials().get(normalize(apiUrl)));
    }

    /** Like {@link #find} but reads a file that others can access too: for {@code logout}, which then deletes it. */
    public Optional<StoredCredential> findIgnoringPermissions(String apiUrl) {
        Path file = file();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(file).credentials().get(normalize(apiUrl)));
    }

    /** Stores (or replaces) the credential for {@code apiUrl}; creates the folder 0700 and writes the file 0600 atomically. */
    public void save(String apiUrl, StoredCredential credential) {
        update(credentials -> credentials.put(normalize(apiUrl), credential));
    }

    /** Forgets the credential for {@code apiUrl}; true when there was one. */
    public boolean remove(String apiUrl) {
        boolean[] removed = {false};
        update(credentials -> removed[0] = credentials.remove(normalize(apiUrl)) != null);
        return removed[0];
    }

    private void update(Consumer<Map<String, StoredCredential>> change) {
        Path file = file();
        Map<String, StoredCredential> credentials = new TreeMap<>();
        if (Files.exists(file)) {
            credentials.putAll(read(file).credentials());
        }
        change.accept(credentials);
        try {
            createPrivateDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".credentials-", ".tmp", privateFile());
            try {
                Json.MAPPER.writeValue(temporary.toFile(), new CredentialsFile(1, credentials));
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new CredentialStoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static CredentialsFile read(Path file) {
        try {
            CredentialsFile content = Json.MAPPER.readValue(file.toFile(), CredentialsFile.class);
            if (content == null || content.credentials() == null) {
                return new CredentialsFile(1, Map.of());
            }
            return content;
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the file's content: say only where it broke.
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new CredentialStoreException(file + " is not a valid credentials file" + where, null);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String normalize(String apiUrl) {
        String url = apiUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    private static Set<PosixFilePermission> permissions(Path file) {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
            return null; // not a POSIX file system: nothing to check
        }
        try {
            return Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (isPosix(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    private FileAttribute<?>[] privateFile() {
        return isPosix(directory)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CredentialsFile(int version, Map<String, StoredCredential> credentials) {
    }

    /** The credentials file is accessible by other users, so it was not read. */
    public static final class InsecureFileException extends RuntimeException {

        private final Path file;
        private final String mode;

        InsecureFileException(Path file, String mode) {
            super(file + " is accessible by other users (" + mode + ")");
            this.file = file;
            this.mode = mode;
        }

        public Path file() {
            return file;
        }

        public String mode() {
            return mode;
        }
    }

    /** The credentials file exists but cannot be read, parsed or written. */
    public static final class CredentialStoreException extends UncheckedIOException {

        CredentialStoreException(String message, IOException cause) {
            super(message, cause == null ? new IOException(message) : cause);
        }
    }

    /** Jackson on first use only: making an ObjectMapper costs more start-up time than most commands need. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
