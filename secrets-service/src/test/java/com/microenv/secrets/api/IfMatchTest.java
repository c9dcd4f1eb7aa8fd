package com.microenv.secrets.api;

import com.microenv.secrets.service.Precondition;
import com.microenv.secrets.service.ServiceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IfMatchTest {

    @Test
    void quotedOrBareVersionsAndStarAreUnderstood() {
        assertThat(VariableResource.parseIfMatch(null)).isEqualTo(Precondition.NONE);
        assertThat(VariableResource.parseIfMatch("\"3\"")).isEqualTo(Precondition.version(3));
        assertThat(VariableResource.parseIfMatch(" 12 ")).isEqualTo(Precondition.version(12));
        assertThat(VariableResource.parseIfMatch("*")).isEqualTo(Precondition.EXISTS);
    }

    @Test
    void weakTagsNeverMatchAndGarbageIsRefused() {
        assertThatThrownBy(() -> VariableResource.parseIfMatch("W/\"3\""))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).reason()).isEqualTo(ServiceException.Reason.PRECONDITION_FAILED);
        assertThatThrownBy(() -> VariableResource.parseIfMatch("\"abc\""))
                .extracting(e -> ((ServiceException) e).reason()).isEqualTo(ServiceException.Reason.VALIDATION);
        assertThatThrownBy(() -> VariableResource.parseIfMatch("\"1\", \"2\""))
                .extracting(e -> ((ServiceException) e).reason()).isEqualTo(ServiceException.Reason.VALIDATION);
    }

    @Test
    void preconditionComparesWithTheCurrentVersion() {
        Precondition.version(3).check(3L);
        Precondition.NONE.check(null);
        assertThatThrownBy(() -> Precondition.version(3).check(4L)).isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> Precondition.EXISTS.check(null)).isInstanceOf(ServiceException.class);
    }
}
