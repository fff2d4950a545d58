package dev.licensegateway.deactivation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.store.LockedLicense.Limits;
import org.junit.jupiter.api.Test;

/** The limit arithmetic of SPEC §4 at the edges of what a counter holds (issue 13): checked, never wrapped. */
class DeactivationRulesTest {

    static final ErrorCode NOT_ENOUGH = ErrorCode.LICENSE_NOT_ENOUGH_CONSUMPTIONS;

    @Test
    void aCeilingPastLongMaxIsNoCeiling() {
        Limits limits = new Limits(Long.MAX_VALUE, 10, true, Long.MAX_VALUE, false, false);
        assertThatCode(() -> DeactivationRules.checkLimits(limits, 5, NOT_ENOUGH)).doesNotThrowAnyException();
    }

    @Test
    void aTotalTheCounterCannotHoldIsRefusedNotWrapped() {
        Limits limits = new Limits(Long.MAX_VALUE, Long.MAX_VALUE - 1, true, Long.MAX_VALUE, false, false);
        assertThatThrownBy(() -> DeactivationRules.checkLimits(limits, 5, NOT_ENOUGH))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo(NOT_ENOUGH);
        Limits unlimited = new Limits(0, Long.MAX_VALUE - 1, false, 0, true, false);
        assertThatThrownBy(() -> DeactivationRules.checkLimits(unlimited, 5, NOT_ENOUGH))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo(NOT_ENOUGH);
        Limits negative = new Limits(0, Long.MIN_VALUE + 1, false, 0, true, true);
        assertThatThrownBy(() -> DeactivationRules.checkLimits(negative, -5, NOT_ENOUGH))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo(NOT_ENOUGH);
    }

    @Test
    void theOrdinaryRulesStillHold() {
        Limits limits = new Limits(100, 95, true, 10, false, false);
        assertThatCode(() -> DeactivationRules.checkLimits(limits, 15, NOT_ENOUGH)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DeactivationRules.checkLimits(limits, 16, NOT_ENOUGH)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> DeactivationRules.checkLimits(limits, -1, NOT_ENOUGH))
                .extracting(e -> ((ApiException) e).code()).isEqualTo(ErrorCode.NEGATIVE_CONSUMPTIONS_NOT_ALLOWED);
    }
}
