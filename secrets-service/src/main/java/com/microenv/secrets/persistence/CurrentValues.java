package com.microenv.secrets.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The read path's queries, straight on the reactive PostgreSQL pool (no ORM session): one query answers both
 * whether the environment exists and what its current rows are.
 */
@ApplicationScoped
public class CurrentValues {

    private static final String COLUMNS = "e.name AS env, v.name, v.version, v.ciphertext, v.nonce, v.updated_at, "
            + "v.updated_by, v.note";
    private static final String ONE_ENVIRONMENT = "SELECT " + COLUMNS + " FROM environments e "
            + "LEFT JOIN variables v ON v.project_id = e.project_id AND v.environment = e.name "
            + "WHERE e.project_id = $1 AND e.name = $2 ORDER BY v.name";
    private static final String SOME_ENVIRONMENTS = "SELECT " + COLUMNS + " FROM environments e "
            + "LEFT JOIN variables v ON v.project_id = e.project_id AND v.environment = e.name "
            + "WHERE e.project_id = $1 AND e.name = ANY($2) ORDER BY e.name, v.name";

    private final Pool pool;

    public CurrentValues(Pool pool) {
        this.pool = pool;
    }

    /** The environment's current rows by name, or null when the project has no such environment. */
    public Uni<List<StoredVariable>> list(UUID projectId, String environment) {
        return pool.preparedQuery(ONE_ENVIRONMENT).execute(Tuple.of(projectId, environment)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            List<StoredVariable> result = new ArrayList<>(rows.size());
            for (Row row : rows) {
                if (row.getString("name") != null) {
                    result.add(map(row));
                }
            }
            return result;
        });
    }

    /** The current rows of several environments; environments that do not exist are absent from the map. */
    public Uni<Map<String, List<StoredVariable>>> list(UUID projectId, Collection<String> environments) {
        return pool.preparedQuery(SOME_ENVIRONMENTS)
                .execute(Tuple.of(projectId, environments.toArray(new String[0])))
                .map(rows -> {
                    Map<String, List<StoredVariable>> result = new LinkedHashMap<>();
                    for (Row row : rows) {
                        List<StoredVariable> list = result.computeIfAbsent(row.getString("env"), e -> new ArrayList<>());
                        if (row.getString("name") != null) {
                            list.add(map(row));
                        }
                    }
                    return result;
                });
    }

    private static StoredVariable map(Row row) {
        OffsetDateTime updatedAt = row.getOffsetDateTime("updated_at");
        return new StoredVariable(row.getString("env"), row.getString("name"), row.getLong("version"),
                row.getBuffer("ciphertext").getBytes(), row.getBuffer("nonce").getBytes(),
                updatedAt == null ? null : updatedAt.toInstant(), row.getString("updated_by"), row.getString("note"));
    }
}
