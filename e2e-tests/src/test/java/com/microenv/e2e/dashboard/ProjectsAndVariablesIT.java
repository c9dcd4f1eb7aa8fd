package com.microenv.e2e.dashboard;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password login through Keycloak's real page, then the dashboard's core path: create a project, add a variable,
 * see it masked, reveal it (an audited read), find that read in the audit viewer; and a form post without the CSRF
 * token is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectsAndVariablesIT {

    @RegisterExtension
    static final Browser browser = new Browser();

    static final DashboardStack.Person person = DashboardStack.newPerson("vars");
    static final String projectName = "dash-" + UUID.randomUUID().toString().substring(0, 8);
    static final String variable = "DASH_SECRET_" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
    static final String value = "s3cr3t-" + UUID.randomUUID();
    static String projectUrl;

    @AfterAll
    static void closeBrowser() {
        browser.close();
    }

    @Test
    @Order(1)
    void logsInWithPasswordOnKeycloaksPage() {
        browser.open(DashboardStack.gatewayUrl() + "/app");
        browser.awaitUrl(DashboardStack.keycloakUrl() + "/realms/microenv/");
        browser.documentPage("01-keycloak-login");
        browser.keycloakLogin(person.email(), person.password());

        browser.awaitUrl(DashboardStack.gatewayUrl() + "/app");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Projects");
        assertThat(browser.text("signed-in-as")).contains("Dash");
        Cookie session = browser.cookies().stream().filter(c -> c.getName().startsWith("q_session")).findFirst().orElseThrow();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualToIgnoringCase("Lax");
    }

    @Test
    @Order(2)
    void createsAProject() {
        browser.type("project-name", projectName);
        browser.click("create-project");
        assertThat(browser.text("project-title")).isEqualTo(projectName);
        projectUrl = browser.url();
        assertThat(browser.pageText()).contains("development", "staging", "production");
        browser.documentPage("03-project");

        browser.open(DashboardStack.gatewayUrl() + "/app");
        assertThat(browser.text("projects")).contains(projectName);
        browser.documentPage("02-projects");
    }

    @Test
    @Order(3)
    void addsAVariableShownMaskedAndRevealsIt() {
        browser.open(projectUrl);
        browser.click("env-development");
        browser.type("new-name", variable);
        browser.type("new-value", value);
        browser.type("new-note", "made by the browser test");
        browser.click("add-variable-button");

        assertThat(browser.text("var-" + variable)).contains(variable).contains("made by the browser test")
                .doesNotContain(value);
        assertThat(browser.driver().getPageSource()).doesNotContain(value);

        browser.click("reveal-" + variable);
        assertThat(browser.text("value-" + variable)).isEqualTo(value);
        browser.documentPage("04-variables-revealed");
    }

    @Test
    @Order(4)
    void theAuditViewerShowsTheRead() {
        browser.open(projectUrl + "/audit?variable=" + variable);
        assertThat(browser.find(By.id("audit-events")).findElements(By.cssSelector("tr.audit-event")))
                .anySatisfy(row -> assertThat(row.getText()).contains("variable.read").contains(variable)
                        .contains(person.email()));
        assertThat(browser.pageText()).doesNotContain(value);
        browser.documentPage("05-audit");
    }

    @Test
    @Order(5)
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        String cookies = browser.cookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        String forged = "forged-" + UUID.randomUUID().toString().substring(0, 8);

        Response refused = RestAssured.given().redirects().follow(false)
                .header("Cookie", cookies).contentType("application/x-www-form-urlencoded")
                .formParam("name", forged)
                .post(DashboardStack.gatewayUrl() + "/app/projects");

        assertThat(refused.statusCode()).isEqualTo(400);
        browser.open(DashboardStack.gatewayUrl() + "/app");
        assertThat(browser.text("projects")).contains(projectName).doesNotContain(forged);
    }

    @Test
    @Order(6)
    void editsShowsHistoryRollsBackImportsDownloadsAndCompares() {
        String envUrl = projectUrl + "/environments/development";
        browser.open(envUrl);
        browser.driver().findElement(By.cssSelector("#var-" + variable + " details summary")).click();
        browser.type("edit-value-" + variable, value + "-v2");
        browser.click("save-" + variable);
        assertThat(browser.pageText()).contains("Saved.");

        browser.click("history-" + variable);
        assertThat(browser.text("history")).contains("1").contains("2 (current)");
        browser.click("rollback-1");
        assertThat(browser.pageText()).contains("Rolled back");
        assertThat(browser.text("version-3")).contains("3 (current)");
        browser.documentPage("14-history");

        browser.open(envUrl);
        browser.type("env-content", "UPLOADED_ONE=abc\n# a comment\nUPLOADED_TWO='x y'\n");
        browser.click("upload-env");
        assertThat(browser.pageText()).contains("Imported.");
        assertThat(browser.text("variables")).contains("UPLOADED_ONE").contains("UPLOADED_TWO");

        String cookies = browser.cookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        Response file = RestAssured.given().redirects().follow(false).header("Cookie", cookies)
                .get(envUrl + "/download");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.header("Content-Disposition")).contains("development.env");
        assertThat(file.asString()).contains("UPLOADED_ONE=abc").contains(variable + "=" + value);

        browser.open(projectUrl + "/compare?left=development&right=staging");
        assertThat(browser.text("only-left")).contains(variable).contains("UPLOADED_ONE");
        assertThat(browser.pageText()).doesNotContain(value);
        browser.documentPage("15-compare");
    }
}
