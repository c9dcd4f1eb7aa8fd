package com.microenv.secrets.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny local KMS for development: one key per project, kept <em>outside the database</em> in a keyring folder
 * (default {@code $MICROENV_HOME/keyring/secrets-service}), shaped like AWS KMS / GCP KMS / Vault Transit with a key
 * per project: {@link #wrap} and {@link #unwrap} use the project's key, key ids name the keyring generation
 * ({@code local-keyring:v<n>}, like a Transit key version), a rotation is a new generation, and {@link #destroy}
 * deletes the project's key (as a KMS schedules a key's deletion). Because the project key is not in the database,
 * a database dump taken before a project's deletion no longer decrypts anything once the key is destroyed.
 *
 * <p>Each key file holds one generation of one project's 32-byte key, sealed with AES-256-GCM under
 * {@code MICROENV_KEK} (associated data: project and generation), so neither the keyring nor the database alone,
 * nor either of them with the KEK, reveals a value: it takes the database, the keyring <em>and</em> the KEK.
 * Files are created exclusively (a hard link that fails if another process made the key first), mode 600.
 *
 * <p>Data keys wrapped by the configuration KEK (ids {@code config:…}, from {@link ConfigKeyEncryptionKeyProvider})
 * still unwrap. They are moved into the keyring by the KEK rotation only when {@code migrateConfigKeys} is set
 * (otherwise the keyring leaves them alone: a database shared with services on the configuration provider, as in
 * local development, keeps working for both).
 *
 * <p>For one machine only: replicas on several hosts would each need the same folder (use a real KMS there).
 */
public class LocalKeyringKeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    static final String ID_PREFIX = "local-keyring:v";
    private static final Pattern ID = Pattern.compile("^local-keyring:v([1-9][0-9]{0,8})$");
    private static final String FILE_LABEL = "microenv/keyring/v1";

    private final Path directory;
    private final int generation;
    private final ConfigKeyEncryptionKeyProvider master;
    private final boolean migrateConfigKeys;
    private final Cache<String, SecretKey> projectKeys;

    /**
     * @param directory   the keyring folder (made, mode 700, when missing)
     * @param generation  the current generation (1 at first; raise it to rotate every project key)
     * @param base64Kek   {@code MICROENV_KEK}: seals the key files, and unwraps data keys it wrapped itself
     * @param previous    {@code MICROENV_KEK_PREVIOUS}: older KEKs, for both
     * @param cacheSize   how many project keys stay in memory
     */
    public LocalKeyringKeyEncryptionKeyProvider(Path directory, int generation, String base64Kek, List<String> previous,
                                                long cacheSize) {
        this(directory, generation, base64Kek, previous, cacheSize, false);
    }

    /**
     * @param migrateConfigKeys whether data keys wrapped by the configuration KEK count as held for a rotation (which
     *                          then re-wraps them under project keys)
     */
    public LocalKeyringKeyEncryptionKeyProvider(Path directory, int generation, String base64Kek, List<String> previous,
                                                long cacheSize, boolean migrateConfigKeys) {
        if (generation < 1) {
            throw new IllegalStateException("microenv.crypto.keyring.generation must be 1 or more");
        }
        this.directory = directory.toAbsolutePath().normalize();
        this.generation = generation;
        this.master = new ConfigKeyEncryptionKeyProvider(base64Kek, previous);
        this.migrateConfigKeys = migrateConfigKeys;
        this.projectKeys = Caffeine.newBuilder().maximumSize(cacheSize).build();
        try {
            Files.createDirectories(this.directory);
            restrict(this.directory, "rwx------");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the keyring folder " + this.directory + ": " + e.getMessage());
        }
    }

    /** Where the keys live. */
    public Path directory() {
        return directory;
    }

    @Override
    public String currentKeyId() {
        return ID_PREFIX + generation;
    }

    /** The generations of the keyring, plus the configuration KEKs when they are to be migrated. */
    @Override
    public Set<String> keyIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (int g = generation; g >= 1; g--) {
            ids.add(ID_PREFIX + g);
        }
        if (migrateConfigKeys) {
            ids.addAll(master.keyIds());
        }
        return Set.copyOf(ids);
    }

    @Override
    public boolean keysOutsideTheDatabase() {
        return true;
    }

    @Override
    public Uni<WrappedKey> wrap(byte[] dataKey, byte[] context) {
        return Uni.createFrom().failure(new CryptoException("the local keyring wraps only with a project's key"));
    }

    @Override
    public Uni<byte[]> unwrap(WrappedKey wrappedKey, byte[] context) {
        return Uni.createFrom().failure(new CryptoException("the local keyring unwraps only with a project's key"));
    }

    @Override
    public Uni<WrappedKey> wrap(UUID projectId, byte[] dataKey, byte[] context) {
        return blocking(() -> {
            SecretKey key = projectKey(projectId, generation, true);
            byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
            byte[] sealed = AesGcm.encrypt(key, nonce, dataKey, context);
            return new WrappedKey(currentKeyId(), ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        });
    }

    @Override
    public Uni<byte[]> unwrap(UUID projectId, WrappedKey wrappedKey, byte[] context) {
        Matcher id = ID.matcher(wrappedKey.kekId());
        if (!id.matches()) {
            // Wrapped before the keyring was switched on: the configuration KEK (until the rotation re-wraps it).
            return master.unwrap(wrappedKey, context);
        }
        int keyGeneration = Integer.parseInt(id.group(1));
        return blocking(() -> {
            SecretKey key = projectKey(projectId, keyGeneration, false);
            byte[] bytes = wrappedKey.ciphertext();
            if (bytes.length <= AesGcm.NONCE_BYTES) {
                throw new CryptoException("wrapped data key is truncated");
            }
            return AesGcm.decrypt(key, Arrays.copyOfRange(bytes, 0, AesGcm.NONCE_BYTES),
                    Arrays.copyOfRange(bytes, AesGcm.NONCE_BYTES, bytes.length), context);
        });
    }

    /** Overwrites and deletes every generation of the project's key. Idempotent. */
    @Override
    public Uni<Void> destroy(UUID projectId) {
        return blocking(() -> {
            String prefix = projectId + ".v";
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.key")) {
                for (Path file : files) {
                    try {
                        long size = Files.size(file);
                        Files.write(file, new byte[(int) Math.min(size, 4096)], StandardOpenOption.WRITE,
                                StandardOpenOption.SYNC);
                        Files.delete(file);
                    } catch (NoSuchFileException alreadyGone) {
                        // another replica destroyed it first
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot destroy the keyring key of project " + projectId, e);
            }
            projectKeys.asMap().keySet().removeIf(cached -> cached.startsWith(prefix));
            return null;
        });
    }

    /** Whether any generation of the project's key is still in the keyring. */
    public boolean holdsKeyOf(UUID projectId) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, projectId + ".v*.key")) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SecretKey projectKey(UUID projectId, int keyGeneration, boolean create) {
        String name = projectId + ".v" + keyGeneration + ".key";
        SecretKey cached = projectKeys.getIfPresent(name);
        if (cached != null) {
            return cached;
        }
        Path file = directory.resolve(name);
        byte[] context = (FILE_LABEL + ":" + projectId + ":" + keyGeneration).getBytes(StandardCharsets.UTF_8);
        byte[] raw = null;
        try {
            try {
                raw = master.unwrapNow(readKeyFile(file), context);
            } catch (NoSuchFileException missing) {
                if (!create) {
                    throw new CryptoException("the keyring holds no key " + ID_PREFIX + keyGeneration + " for project "
                            + projectId + " (destroyed with the project, or a keyring other than " + directory + ")");
                }
                raw = AesGcm.randomBytes(AesGcm.KEY_BYTES);
                if (!createExclusively(file, master.wrapNow(raw, context))) {
                    Arrays.fill(raw, (byte) 0);
                    raw = master.unwrapNow(readKeyFile(file), context);
                }
            }
            SecretKey key = new SecretKeySpec(raw, "AES");
            projectKeys.put(name, key);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keyring file " + file.getFileName(), e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /** File: the sealing KEK's id, a newline, then nonce‖ciphertext. */
    private static WrappedKey readKeyFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int newline = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline <= 0) {
            throw new CryptoException("keyring file " + file.getFileName() + " is damaged");
        }
        return new WrappedKey(new String(bytes, 0, newline, StandardCharsets.US_ASCII),
                Arrays.copyOfRange(bytes, newline + 1, bytes.length));
    }

    /** Writes the key file unless it exists; false when another writer made it first. */
    private boolean createExclusively(Path file, WrappedKey sealed) throws IOException {
        byte[] id = (sealed.kekId() + "\n").getBytes(StandardCharsets.US_ASCII);
        Path temp = Files.createTempFile(directory, ".new-", ".tmp");
        try {
            restrict(temp, "rw-------");
            Files.write(temp, ByteBuffer.allocate(id.length + sealed.ciphertext().length).put(id)
                    .put(sealed.ciphertext()).array(), StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrict(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException notPosix) {
            // best effort on file systems without POSIX permissions
        }
    }

    /** File I/O off the event loop; the result comes back on the caller's Vert.x context (Hibernate Reactive needs it). */
    private static <T> Uni<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return Uni.createFrom().completionStage(() -> context.<T>executeBlocking(work, false).toCompletionStage());
    }
}
