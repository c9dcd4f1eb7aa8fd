package com.microenv.e2e.dashboard;

import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API keys from the dashboard: generated with permissions, environments and CIDRs, shown once with a copy button
 * and a warning, read from the page and used over HTTP; listed masked, rotated, revoked (then refused). Members:
 * an invitation by email and the permission matrix on the page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeysAndMembersIT {

    @RegisterExtension
    static final Browser browser = new Browser();

    static final DashboardStack.Person person = DashboardStack.newPerson("keys");
    static String projectUrl;
    static String projectId;
    static String key;

    @AfterAll
    static void closeBrowser() {
        browser.close();
    }

    @Test
    @Order(1)
    void generatesAKeyShownOnceAndUsableOverHttp() {
        browser.open(DashboardStack.gatewayUrl() + "/app");
        browser.keycloakLogin(person.email(), person.password());
        browser.type("project-name", "keys-" + UUID.randomUUID().toString().substring(0, 8));
        browser.click("create-project");
        browser.id("project-title");
        projectUrl = browser.url();
        projectId = projectUrl.substring(projectUrl.lastIndexOf('/') + 1);
        browser.click("nav-api-keys");

        browser.type("key-name", "ci-reader");
        browser.type("key-envs", "development");
        browser.type("key-cidrs", "127.0.0.0/8, ::1/128");
        browser.click("generate-key");

        key = browser.id("new-key-value").getAttribute("value");
        assertThat(key).startsWith("menv_sk_").hasSize(52);
        assertThat(browser.text("new-key")).contains("shown only this once");
        assertThat(browser.id("copy-key").getText()).isEqualTo("Copy");
        browser.documentPage("08-api-key-created");

        RestAssured.given().auth().oauth2(key)
                .get(DashboardStack.gatewayUrl() + "/v1/projects/" + projectId + "/environments/development/variables")
                .then().statusCode(200);
        RestAssured.given().auth().oauth2(key)
                .get(DashboardStack.gatewayUrl() + "/v1/projects/" + projectId + "/environments/production/variables")
                .then().statusCode(403);
    }

    @Test
    @Order(2)
    void listsItMaskedAndRevokesIt() {
        browser.open(projectUrl + "/api-keys");
        assertThat(browser.driver().getPageSource()).doesNotContain(key);
        WebElement row = browser.find(By.id("api-keys")).findElements(By.cssSelector("tr.api-key")).stream()
                .filter(r -> r.getText().contains("ci-reader")).findFirst().orElseThrow();
        assertThat(row.getText()).contains(key.substring(0, 12)).contains("read").contains("development")
                .contains("127.0.0.0/8").contains("active");
        String id = row.getAttribute("id").substring("key-".length());

        browser.driver().findElement(By.cssSelector("#key-" + id + " details:last-of-type summary")).click();
        browser.click("revoke-" + id);
        assertThat(browser.pageText()).contains("The key was revoked.");
        assertThat(browser.text("key-" + id)).contains("revoked");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                RestAssured.given().auth().oauth2(key)
                        .get(DashboardStack.gatewayUrl() + "/v1/projects/" + projectId + "/environments/development/variables")
                        .then().statusCode(401));
    }

    @Test
    @Order(3)
    void rotatesAKeyShowingTheNewOneOnce() {
        browser.open(projectUrl + "/api-keys");
        browser.type("key-name", "deployer");
        browser.click("generate-key");
        String first = browser.id("new-key-value").getAttribute("value");
        WebElement row = browser.find(By.id("api-keys")).findElements(By.cssSelector("tr.api-key")).stream()
                .filter(r -> r.getText().contains("deployer")).findFirst().orElseThrow();
        String id = row.getAttribute("id").substring("key-".length());

        browser.driver().findElement(By.cssSelector("#key-" + id + " details summary")).click();
        browser.type("grace-" + id, "60");
        browser.click("rotate-" + id);

        String second = browser.id("new-key-value").getAttribute("value");
        assertThat(second).startsWith("menv_sk_").isNotEqualTo(first);
        assertThat(browser.text("key-" + id)).contains("rotating");
        browser.documentPage("09-api-keys");
    }

    @Test
    @Order(4)
    void invitesAMemberAndShowsThePermissionMatrix() {
        browser.open(projectUrl + "/members");
        String invited = "invited-" + UUID.randomUUID().toString().substring(0, 8) + "@dashboard.test";
        browser.type("invite-email", invited);
        browser.click("invite-button");
        assertThat(browser.text("members")).contains(invited).contains("invited").contains(person.email());
        assertThat(browser.text("permission-matrix")).contains("Manage members").contains("Delete the project");
        browser.documentPage("10-members");
    }
}
