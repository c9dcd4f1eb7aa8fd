package com.microenv.e2e.dashboard;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSO: realm {@code acme} plays a company's identity provider, brokered into {@code microenv} as {@code acme-sso}.
 * Someone invited by email before they ever signed in picks "Acme SSO" on the login page, signs in at Acme, and
 * lands in the dashboard as a new MicroENV user who already is a member of the project they were invited to.
 */
class SsoLoginIT {

    @RegisterExtension
    static final Browser browser = new Browser();

    @AfterAll
    static void closeBrowser() {
        browser.close();
    }

    @Test
    void firstLoginThroughTheBrokeredRealmCreatesTheUserAndHonoursTheInvitation() {
        String email = "sso-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        DashboardStack.Person acmeUser = DashboardStack.newPerson("acme", email, "Acme", List.of());

        DashboardStack.Person owner = DashboardStack.newPerson("owner");
        String ownerToken = DashboardStack.userToken(owner);
        String projectName = "sso-" + UUID.randomUUID().toString().substring(0, 8);
        String projectId = RestAssured.given().auth().oauth2(ownerToken).contentType(ContentType.JSON)
                .body(Map.of("name", projectName)).post(DashboardStack.gatewayUrl() + "/v1/projects")
                .then().statusCode(201).extract().path("id");
        RestAssured.given().auth().oauth2(ownerToken).contentType(ContentType.JSON)
                .body(Map.of("email", email, "role", "developer"))
                .post(DashboardStack.gatewayUrl() + "/v1/projects/" + projectId + "/members")
                .then().statusCode(201);

        browser.open(DashboardStack.gatewayUrl() + "/app");
        browser.awaitUrl(DashboardStack.keycloakUrl() + "/realms/microenv/");
        browser.documentPage("13-login-with-sso");
        browser.click("social-acme-sso");
        browser.awaitUrl(DashboardStack.keycloakUrl() + "/realms/acme/");
        browser.keycloakLogin(acmeUser.email(), acmeUser.password());

        browser.awaitUrl(DashboardStack.gatewayUrl() + "/app");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Projects");
        assertThat(browser.text("projects")).contains(projectName).contains("developer");
    }
}
