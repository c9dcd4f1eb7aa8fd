package com.microenv.cli.crypto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.config.PrivateFiles;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encrypted copy of an environment's variables that {@code microenv run --fallback FILE} keeps for when the API
 * is unreachable. AES-256-GCM; the key is derived with HKDF-SHA256 (RFC 5869) from the credential and a random salt
 * kept in the file, so the file alone decrypts nothing and only the credential that wrote it reads it. Project,
 * environment and time are authenticated as associated data: a copy of another environment's file is refused.
 */
public final class FallbackFile {

    static final int VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int SALT_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] INFO = "microenv run --fallback v1 AES-256-GCM".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the file holds once decrypted. */
    public record Contents(String projectId, String environment, Instant savedAt, Map<String, String> variables) {

        @Override
        public String toString() {
            return "Contents[projectId=" + projectId + ", environment=" + environment + ", savedAt=" + savedAt
                    + ", " + variables.size() + " variables]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(int version, String projectId, String environment, String savedAt, String salt, String iv,
                    String ciphertext) {
    }

    private FallbackFile() {
    }

    /** Encrypts {@code contents} for {@code credential} and replaces {@code file} atomically, mode 0600. */
    public static void write(Path file, String credential, Contents contents) {
        byte[] salt = random(SALT_BYTES);
        byte[] iv = random(IV_BYTES);
        Envelope header = new Envelope(VERSION, contents.projectId(), contents.environment(),
                contents.savedAt().toString(), b64(salt), b64(iv), null);
        byte[] key = hkdf(credential.getBytes(StandardCharsets.UTF_8), salt);
        try {
            byte[] plaintext = JSON.writeValueAsBytes(new TreeMap<>(contents.variables()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(header));
            byte[] ciphertext = cipher.doFinal(plaintext);
            Arrays.fill(plaintext, (byte) 0);
            Envelope envelope = new Envelope(VERSION, header.projectId(), header.environment(), header.savedAt(),
                    header.salt(), header.iv(), b64(ciphertext));
            PrivateFiles.writeAtomically(file, JSON.writeValueAsBytes(envelope));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot write the fallback file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Decrypts {@code file} with {@code credential}.
     *
     * @throws CliException exit 6 when there is no file, exit 1 when it is unreadable, was written with another
     *                      credential, or was changed
     */
    public static Contents read(Path file, String credential) {
        Envelope envelope;
        try {
            envelope = JSON.readValue(Files.readAllBytes(file), Envelope.class);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "there is no fallback file " + file
                    + " yet: it is written by a run with --fallback while the API is reachable");
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.ERROR, file + " is not a MicroENV fallback file");
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read the fallback file " + file + ": " + e.getMessage(), e);
        }
        if (envelope == null || envelope.version() != VERSION || envelope.salt() == null || envelope.iv() == null
                || envelope.ciphertext() == null || envelope.savedAt() == null) {
            throw new CliException(ExitCodes.ERROR, file + " is not a MicroENV fallback file (version " + VERSION + ")");
        }
        byte[] key = null;
        try {
            key = hkdf(credential.getBytes(StandardCharsets.UTF_8), unb64(envelope.salt()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, unb64(envelope.iv())));
            cipher.updateAAD(associatedData(envelope));
            byte[] plaintext = cipher.doFinal(unb64(envelope.ciphertext()));
            Map<String, String> variables = JSON.readValue(plaintext, new TypeReference<TreeMap<String, String>>() { });
            Arrays.fill(plaintext, (byte) 0);
            return new Contents(envelope.projectId(), envelope.environment(), Instant.parse(envelope.savedAt()), variables);
        } catch (AEADBadTagException e) {
            throw new CliException(ExitCodes.ERROR, "cannot decrypt the fallback file " + file
                    + ": it was written with another credential, or changed since");
        } catch (GeneralSecurityException | IllegalArgumentException | IOException | java.time.DateTimeException e) {
            throw new CliException(ExitCodes.ERROR, file + " is not a readable MicroENV fallback file");
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static byte[] associatedData(Envelope header) {
        return (header.version() + "\n" + header.projectId() + "\n" + header.environment() + "\n" + header.savedAt())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** HKDF-SHA256 with one output block (RFC 5869 §2.2-2.3): a 32-byte key. */
    static byte[] hkdf(byte[] inputKeyMaterial, byte[] salt) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] pseudoRandomKey = extract.doFinal(inputKeyMaterial);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(INFO);
            expand.update((byte) 1);
            byte[] okm = expand.doFinal();
            Arrays.fill(pseudoRandomKey, (byte) 0);
            return Arrays.copyOf(okm, KEY_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unb64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
