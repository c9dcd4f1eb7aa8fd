package com.microenv.e2e.dashboard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TOTP through Keycloak's real pages: a person who must set up an authenticator (required action CONFIGURE_TOTP, as
 * the realm switch or the account page asks) scans (reads) the secret, confirms a code, reaches the dashboard, signs
 * out (which ends the Keycloak session too), and signs in again with password and a fresh code. In between, the
 * account page shows MFA on (Keycloak's account API, with the session's token).
 */
class TotpLoginIT {

    @RegisterExtension
    static final Browser browser = new Browser();

    @AfterAll
    static void closeBrowser() {
        browser.close();
    }

    @Test
    void setsUpTotpThenLogsInWithPasswordAndCode() throws InterruptedException {
        DashboardStack.Person person = DashboardStack.newPerson("totp", List.of("CONFIGURE_TOTP"));
        browser.open(DashboardStack.gatewayUrl() + "/app");
        browser.keycloakLogin(person.email(), person.password());

        browser.click("mode-manual");
        String secret = browser.text("kc-totp-secret-key");
        browser.documentPage("11-totp-setup");
        long used = System.currentTimeMillis() / 1000 / 30;
        browser.type("totp", Totp.code(secret, System.currentTimeMillis() / 1000));
        browser.type("userLabel", "test phone");
        browser.click("saveTOTPBtn");
        browser.awaitUrl(DashboardStack.gatewayUrl() + "/app");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Projects");

        // The account page asks Keycloak's account API whether the user has an OTP credential.
        browser.open(DashboardStack.gatewayUrl() + "/app/account");
        assertThat(browser.text("account-mfa")).startsWith("MFA on");
        browser.documentPage("16-account-mfa-on");
        browser.open(DashboardStack.gatewayUrl() + "/app");

        browser.click("sign-out");
        browser.awaitUrl(DashboardStack.keycloakUrl());
        assertThat(browser.driver().findElements(By.id("username"))).isNotEmpty();

        browser.keycloakLogin(person.email(), person.password());
        browser.id("otp");
        browser.documentPage("12-totp-login");
        // A code is accepted once: wait for the next period if the set-up used this one.
        while (System.currentTimeMillis() / 1000 / 30 == used) {
            Thread.sleep(1000);
        }
        browser.type("otp", Totp.code(secret, System.currentTimeMillis() / 1000));
        browser.click("kc-login");
        browser.awaitUrl(DashboardStack.gatewayUrl() + "/app");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Projects");
    }
}
