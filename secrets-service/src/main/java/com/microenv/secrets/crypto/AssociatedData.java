package com.microenv.secrets.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Associated data for AES-GCM. Every field is length-prefixed (4 bytes, big-endian) behind a purpose label, so no
 * two different field tuples encode to the same bytes ("a" + "bc" differs from "ab" + "c").
 */
public final class AssociatedData {

    private static final String DATA_KEY_LABEL = "microenv/dek/v1";
    private static final String VALUE_LABEL = "microenv/value/v1";

    private AssociatedData() {
    }

    /** Binds a wrapped data key to its project: a wrapped key copied to another project does not unwrap. */
    public static byte[] forDataKey(UUID projectId) {
        return encode(DATA_KEY_LABEL, projectId.toString());
    }

    /** Binds a value's ciphertext to its row: project, environment, name and version. */
    public static byte[] forValue(VariableRef ref) {
        return encode(VALUE_LABEL, ref.projectId().toString(), ref.environment(), ref.name(),
                Long.toString(ref.version()));
    }

    static byte[] encode(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
