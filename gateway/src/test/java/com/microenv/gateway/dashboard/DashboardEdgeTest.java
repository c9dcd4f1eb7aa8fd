package com.microenv.gateway.dashboard;

import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The dashboard's edge (docs/dashboard.md): its pages need the OIDC code-flow session (a redirect to Keycloak with
 * PKCE S256), its answers carry the CSP and framing headers, and the bearer API on /v1 never redirects to a login.
 * The browser tests in e2e-tests drive the rest through the real Keycloak.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class DashboardEdgeTest {

    @Test
    void aPageWithoutSessionRedirectsToKeycloakWithPkce() {
        given().redirects().follow(false).get("/app/cli-sessions").then()
                .statusCode(302)
                .header("Location", allOf(containsString("/realms/microenv/protocol/openid-connect/auth"),
                        containsString("client_id=microenv-dashboard"), containsString("code_challenge_method=S256"),
                        containsString("response_type=code")))
                .header("Set-Cookie", allOf(containsStringIgnoringCase("HttpOnly"), containsString("SameSite=Lax")));
        given().redirects().follow(false).get("/device?user_code=BCDF-GHJK").then().statusCode(302)
                .header("Location", containsString("client_id=microenv-dashboard"));
    }

    @Test
    void aFormPostWithoutSessionIsNotProcessed() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("name", "x")
                .post("/app/projects").then().statusCode(302)
                .header("Location", containsString("/protocol/openid-connect/auth"));
    }

    @Test
    void dashboardAnswersCarryTheCspAndFramingHeaders() {
        given().redirects().follow(false).get("/").then().statusCode(302)
                .header("Location", equalTo("/app"))
                .header("Content-Security-Policy", allOf(containsString("default-src 'none'"),
                        containsString("script-src 'self'"), not(containsString("unsafe-inline")),
                        containsString("frame-ancestors 'none'")))
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer");
        given().get("/static/dashboard.js").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", "DENY");
    }

    @Test
    void theBearerApiIsUntouchedByTheSession() {
        given().redirects().follow(false).get("/v1/projects").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .header("Location", nullValue())
                .header("Content-Security-Policy", nullValue());
    }
}
