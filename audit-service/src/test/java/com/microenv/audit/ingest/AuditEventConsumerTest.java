package com.microenv.audit.ingest;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventConsumerTest {

    @Test
    void connectionFailuresAreRetried() {
        assertThat(AuditEventConsumer.isPassing(new ConnectException("Connection refused"))).isTrue();
        assertThat(AuditEventConsumer.isPassing(new NoStackTraceThrowable("pool closed"))).isTrue();
    }

    @Test
    void dataTheDatabaseRefusesForGoodIsNotRetried() {
        assertThat(AuditEventConsumer.isPassing(pg("22021", null))).isFalse();
        assertThat(AuditEventConsumer.isPassing(pg("23502", null))).isFalse();
    }

    @Test
    void aLostRaceForTheChainHeadIsRetried() {
        assertThat(AuditEventConsumer.isPassing(pg("23505", "audit_events_chain_link_key"))).isTrue();
    }

    @Test
    void otherDatabaseErrorsAreRetried() {
        assertThat(AuditEventConsumer.isPassing(pg("40001", null))).isTrue();
        assertThat(AuditEventConsumer.isPassing(pg("57P01", null))).isTrue();
    }

    private static PgException pg(String sqlState, String constraint) {
        // (message, severity, sqlState, detail, hint, position, internalPosition, internalQuery, where, file,
        //  line, routine, schema, table, column, dataType, constraint)
        return new PgException("refused", "ERROR", sqlState, null, null, null, null, null, null, null, null,
                null, null, null, null, null, constraint);
    }
}
