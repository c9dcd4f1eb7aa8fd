package com.microenv.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.gateway.api.ClientIps;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard's pages (docs/dashboard.md). Each handler calls the public API through {@link DashboardApi} with the
 * session's access token and renders a Qute template; every state change is a POST form carrying the CSRF token
 * (quarkus-rest-csrf) and answers with a redirect (303), except where the answer shows something only once (a new
 * API key, a revealed value), which is rendered directly and never cached.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardPages {

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,255}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    @Inject DashboardApi api;
    @Inject ClientIps clientIps;
    @Inject SecurityIdentity identity;
    @Inject @IdToken JsonWebToken idToken;
    @Inject ObjectMapper json;
    @Context HttpServerRequest request;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl;

    @Inject @Location("dashboard/projects.html") Template projectsPage;
    @Inject @Location("dashboard/project.html") Template projectPage;
    @Inject @Location("dashboard/variables.html") Template variablesPage;
    @Inject @Location("dashboard/audit.html") Template auditPage;
    @Inject @Location("dashboard/device.html") Template devicePage;
    @Inject @Location("dashboard/cli-sessions.html") Template cliSessionsPage;
    @Inject @Location("dashboard/api-keys.html") Template apiKeysPage;
    @Inject @Location("dashboard/members.html") Template membersPage;
    @Inject @Location("dashboard/account.html") Template accountPage;
    @Inject @Location("dashboard/error.html") Template errorPage;
    @Inject @Location("dashboard/history.html") Template historyPage;
    @Inject @Location("dashboard/compare.html") Template comparePage;

    // ------------------------------------------------------------------------------------------ projects

    @GET
    @Path("app")
    public TemplateInstance projects(@QueryParam("done") String done) {
        return page(projectsPage, "Projects").data("projects", list(api.get(caller(), "/v1/projects")))
                .data("done", done);
    }

    @POST
    @Path("app/projects")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createProject(@FormParam("name") String name) {
        JsonNode created = api.send(caller(), HttpMethod.POST, "/v1/projects", Map.of("name", text(name))).body();
        return seeOther("/app/projects/" + created.get("id").asText());
    }

    @GET
    @Path("app/projects/{p}")
    public TemplateInstance project(@PathParam("p") String p, @QueryParam("done") String done) {
        String project = projectId(p);
        return page(projectPage, "Project").data("project", map(api.get(caller(), "/v1/projects/" + project)))
                .data("environments", list(api.get(caller(), "/v1/projects/" + project + "/environments")))
                .data("done", done);
    }

    @POST
    @Path("app/projects/{p}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteProject(@PathParam("p") String p, @FormParam("confirm") String confirm) {
        String project = projectId(p);
        String name = api.get(caller(), "/v1/projects/" + project).get("name").asText();
        if (!name.equals(confirm)) {
            throw new ApiException(400, "Not confirmed", "Type the project's name exactly to delete it.");
        }
        api.send(caller(), HttpMethod.DELETE, "/v1/projects/" + project, null);
        return seeOther("/app?done=deleted");
    }

    @POST
    @Path("app/projects/{p}/environments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createEnvironment(@PathParam("p") String p, @FormParam("name") String name,
                                      @FormParam("protected") String protect) {
        String project = projectId(p);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", text(name));
        body.put("protected", protect != null);
        api.send(caller(), HttpMethod.POST, "/v1/projects/" + project + "/environments", body);
        return seeOther("/app/projects/" + project + "?done=environment-created");
    }

    @POST
    @Path("app/projects/{p}/environments/{e}/update")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateEnvironment(@PathParam("p") String p, @PathParam("e") String e,
                                      @FormParam("name") String name, @FormParam("protected") String protect) {
        String project = projectId(p);
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null && !name.isBlank() && !name.equals(e)) {
            body.put("name", name.strip());
        }
        body.put("protected", protect != null);
        api.send(caller(), HttpMethod.PATCH, envPath(project, e), body);
        return seeOther("/app/projects/" + project + "?done=environment-updated");
    }

    @POST
    @Path("app/projects/{p}/environments/{e}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteEnvironment(@PathParam("p") String p, @PathParam("e") String e,
                                      @FormParam("confirm") String confirm) {
        String project = projectId(p);
        if (!e.equals(confirm)) {
            throw new ApiException(400, "Not confirmed", "Type the environment's name exactly to delete it.");
        }
        api.send(caller(), HttpMethod.DELETE, envPath(project, e), null);
        return seeOther("/app/projects/" + project + "?done=environment-deleted");
    }

    // ------------------------------------------------------------------------------------------ variables

    @GET
    @Path("app/projects/{p}/environments/{e}")
    public TemplateInstance variables(@PathParam("p") String p, @PathParam("e") String e, @QueryParam("done") String done) {
        return variablesView(projectId(p), e, null, null).data("done", done);
    }

    /** Reveals one value: a read of that variable, audited by secrets-service like any other. */
    @POST
    @Path("app/projects/{p}/environments/{e}/reveal")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance reveal(@PathParam("p") String p, @PathParam("e") String e, @FormParam("name") String name) {
        String project = projectId(p);
        String variable = variableName(name);
        JsonNode one = api.get(caller(), envPath(project, e) + "/variables/" + variable);
        return variablesView(project, e, variable, one.path("value").asText());
    }

    @POST
    @Path("app/projects/{p}/environments/{e}/variables")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setVariable(@PathParam("p") String p, @PathParam("e") String e, @FormParam("name") String name,
                                @FormParam("value") String value, @FormParam("note") String note) {
        String project = projectId(p);
        String variable = variableName(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value == null ? "" : value);
        if (note != null) {
            body.put("note", note);
        }
        api.send(caller(), HttpMethod.PUT, envPath(project, e) + "/variables/" + variable, body);
        return seeOther("/app/projects/" + project + "/environments/" + e + "?done=saved");
    }

    @POST
    @Path("app/projects/{p}/environments/{e}/variables/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteVariable(@PathParam("p") String p, @PathParam("e") String e, @FormParam("name") String name) {
        String project = projectId(p);
        api.send(caller(), HttpMethod.DELETE, envPath(project, e) + "/variables/" + variableName(name), null);
        return seeOther("/app/projects/" + project + "/environments/" + e + "?done=deleted");
    }

    /** The environment as a {@code .env} file: a read of every value, audited like any download. */
    @GET
    @Path("app/projects/{p}/environments/{e}/download")
    @Produces(MediaType.TEXT_PLAIN)
    public Response download(@PathParam("p") String p, @PathParam("e") String e) {
        String project = projectId(p);
        String file = api.call(caller(), HttpMethod.GET, envPath(project, e) + "/variables?format=env", null,
                "application/json", "text/plain").text();
        return Response.ok(file, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + e + ".env\"")
                .header("Cache-Control", "no-store").build();
    }

    /** A pasted {@code .env} file, imported in one transaction (only changed values get a new version). */
    @POST
    @Path("app/projects/{p}/environments/{e}/upload")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response upload(@PathParam("p") String p, @PathParam("e") String e, @FormParam("content") String content) {
        String project = projectId(p);
        api.call(caller(), HttpMethod.POST, envPath(project, e) + "/variables/import?format=env", text(content),
                "text/plain", "application/json");
        return seeOther("/app/projects/" + project + "/environments/" + e + "?done=imported");
    }

    /** A variable's versions (no values) with rollback to any of them. */
    @GET
    @Path("app/projects/{p}/environments/{e}/history")
    public TemplateInstance history(@PathParam("p") String p, @PathParam("e") String e, @QueryParam("name") String name,
                                    @QueryParam("done") String done) {
        String project = projectId(p);
        String variable = variableName(name);
        JsonNode history = api.get(caller(), envPath(project, e) + "/variables/" + variable + "/versions");
        return page(historyPage, "History of " + variable).data("project", map(api.get(caller(), "/v1/projects/" + project)))
                .data("environment", e).data("name", variable).data("versions", list(history.path("versions")))
                .data("done", done);
    }

    @POST
    @Path("app/projects/{p}/environments/{e}/rollback")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rollback(@PathParam("p") String p, @PathParam("e") String e, @FormParam("name") String name,
                             @FormParam("version") long version) {
        String project = projectId(p);
        String variable = variableName(name);
        api.send(caller(), HttpMethod.POST, envPath(project, e) + "/variables/" + variable + "/rollback",
                Map.of("version", version));
        return seeOther("/app/projects/" + project + "/environments/" + e + "/history?name=" + variable + "&done=rolled-back");
    }

    /** Which names exist in one environment and not the other (names only: no value is read). */
    @GET
    @Path("app/projects/{p}/compare")
    public TemplateInstance compare(@PathParam("p") String p, @QueryParam("left") String left, @QueryParam("right") String right) {
        String project = projectId(p);
        TemplateInstance page = page(comparePage, "Compare environments")
                .data("project", map(api.get(caller(), "/v1/projects/" + project)))
                .data("environments", list(api.get(caller(), "/v1/projects/" + project + "/environments")))
                .data("left", left).data("right", right).data("onlyLeft", null).data("onlyRight", null).data("both", null);
        if (left == null || right == null || left.isBlank() || right.isBlank()) {
            return page;
        }
        java.util.TreeSet<String> a = names(project, left);
        java.util.TreeSet<String> b = names(project, right);
        java.util.TreeSet<String> onlyLeft = new java.util.TreeSet<>(a);
        onlyLeft.removeAll(b);
        java.util.TreeSet<String> onlyRight = new java.util.TreeSet<>(b);
        onlyRight.removeAll(a);
        java.util.TreeSet<String> both = new java.util.TreeSet<>(a);
        both.retainAll(b);
        return page.data("onlyLeft", List.copyOf(onlyLeft)).data("onlyRight", List.copyOf(onlyRight))
                .data("both", List.copyOf(both));
    }

    private java.util.TreeSet<String> names(String project, String environment) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        api.get(caller(), envPath(project, environment) + "/variables?names_only=true").path("variables")
                .forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    private TemplateInstance variablesView(String project, String e, String revealedName, String revealedValue) {
        JsonNode names = api.get(caller(), envPath(project, e) + "/variables?names_only=true");
        return page(variablesPage, "Variables")
                .data("project", map(api.get(caller(), "/v1/projects/" + project)))
                .data("environment", e)
                .data("variables", list(names.path("variables")))
                .data("revealedName", revealedName)
                .data("revealedValue", revealedValue);
    }

    // ------------------------------------------------------------------------------------------ audit

    @GET
    @Path("app/projects/{p}/audit")
    public TemplateInstance audit(@PathParam("p") String p, @QueryParam("type") String type,
                                  @QueryParam("environment") String environment, @QueryParam("actor") String actor,
                                  @QueryParam("outcome") String outcome, @QueryParam("variable") String variable,
                                  @QueryParam("cursor") String cursor) {
        String project = projectId(p);
        StringBuilder query = new StringBuilder("?limit=50");
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("type", type);
        filters.put("environment", environment);
        filters.put("actor", actor);
        filters.put("outcome", outcome);
        filters.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                query.append('&').append(k).append('=').append(encode(v.strip()));
            }
        });
        if (cursor != null && !cursor.isBlank()) {
            query.append("&cursor=").append(encode(cursor));
        }
        JsonNode answer = api.get(caller(), "/v1/projects/" + project + "/audit-events" + query);
        List<Map<String, Object>> events = new ArrayList<>();
        for (JsonNode event : answer.path("events")) {
            JsonNode data = event.path("data");
            List<String> names = new ArrayList<>();
            data.path("variableNames").forEach(n -> names.add(n.asText()));
            if (variable != null && !variable.isBlank() && !names.contains(variable.strip())) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", event.path("time").asText());
            row.put("type", event.path("type").asText().replaceFirst("^com\\.microenv\\.", "").replaceFirst("\\.v1$", ""));
            row.put("actor", data.path("actorName").asText(data.path("actor").asText()));
            row.put("environment", data.path("environment").asText(""));
            row.put("variables", String.join(", ", names));
            row.put("outcome", data.path("outcome").asText(""));
            row.put("clientIp", data.path("clientIp").asText(""));
            row.put("requestId", data.path("requestId").asText(""));
            events.add(row);
        }
        String chain;
        try {
            JsonNode verify = api.get(caller(), "/v1/projects/" + project + "/audit-chain/verify");
            chain = verify == null ? "unknown" : verify.path("valid").isBoolean()
                    ? (verify.path("valid").asBoolean() ? "intact" : "BROKEN") : verify.path("status").asText("unknown");
        } catch (ApiException refused) {
            chain = "not available (" + refused.detail() + ")";
        }
        String next = answer.path("nextCursor").isTextual() ? answer.path("nextCursor").asText() : null;
        Map<String, String> shown = new LinkedHashMap<>(filters);
        shown.put("variable", variable);
        shown.replaceAll((k, v) -> v == null ? "" : v);
        return page(auditPage, "Audit log").data("project", map(api.get(caller(), "/v1/projects/" + project)))
                .data("events", events).data("filters", shown).data("nextCursor", next).data("chain", chain)
                .data("nextQuery", next == null ? null : nextQuery(shown, next));
    }

    private static String nextQuery(Map<String, String> filters, String cursor) {
        StringBuilder query = new StringBuilder("?");
        filters.forEach((k, v) -> {
            if (!v.isBlank()) {
                query.append(k).append('=').append(encode(v)).append('&');
            }
        });
        return query.append("cursor=").append(encode(cursor)).toString();
    }

    // ------------------------------------------------------------------------------------------ device login

    @GET
    @Path("device")
    public TemplateInstance device(@QueryParam("user_code") String userCode) {
        TemplateInstance page = page(devicePage, "Approve a CLI login");
        if (userCode == null || userCode.isBlank()) {
            return page.data("request", null).data("userCode", "").data("result", null);
        }
        String code = userCode.strip().toUpperCase();
        JsonNode pending = api.get(caller(), "/v1/auth/device/approve?user_code=" + encode(code));
        return page.data("request", map(pending)).data("userCode", code).data("result", null);
    }

    @POST
    @Path("device")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance decide(@FormParam("user_code") String userCode, @FormParam("decision") String decision) {
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            throw new ApiException(400, "Bad request", "Choose approve or deny.");
        }
        JsonNode answer = api.send(caller(), HttpMethod.POST, "/v1/auth/device/approve",
                Map.of("user_code", text(userCode).toUpperCase(), "decision", decision)).body();
        return page(devicePage, "Approve a CLI login").data("request", map(answer)).data("userCode", text(userCode))
                .data("result", decision);
    }

    // ------------------------------------------------------------------------------------------ CLI sessions

    @GET
    @Path("app/cli-sessions")
    public TemplateInstance cliSessions(@QueryParam("done") String done) {
        return page(cliSessionsPage, "CLI sessions").data("sessions", list(api.get(caller(), "/v1/auth/cli-tokens")))
                .data("done", done);
    }

    @POST
    @Path("app/cli-sessions/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeCliSession(@PathParam("id") String id) {
        api.send(caller(), HttpMethod.DELETE, "/v1/auth/cli-tokens/" + keyId(id), null);
        return seeOther("/app/cli-sessions?done=revoked");
    }

    @POST
    @Path("app/cli-sessions/revoke-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeAllCliSessions() {
        api.send(caller(), HttpMethod.DELETE, "/v1/auth/cli-tokens", null);
        return seeOther("/app/cli-sessions?done=revoked-all");
    }

    // ------------------------------------------------------------------------------------------ API keys

    @GET
    @Path("app/projects/{p}/api-keys")
    public TemplateInstance apiKeys(@PathParam("p") String p, @QueryParam("done") String done) {
        return apiKeysView(projectId(p), null).data("done", done);
    }

    /** Creates a key and shows it once, in this answer only (never cached, never in a URL). */
    @POST
    @Path("app/projects/{p}/api-keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance createApiKey(@PathParam("p") String p, @FormParam("name") String name,
                                         @FormParam("permissions") List<String> permissions,
                                         @FormParam("environments") String environments,
                                         @FormParam("expiresOn") String expiresOn,
                                         @FormParam("allowedCidrs") String cidrs) {
        String project = projectId(p);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", text(name));
        body.put("permissions", permissions == null || permissions.isEmpty() ? List.of("read") : permissions);
        List<String> envs = commaList(environments);
        body.put("environments", envs.isEmpty() ? List.of("*") : envs);
        if (expiresOn != null && !expiresOn.isBlank()) {
            try {
                body.put("expiresAt", LocalDate.parse(expiresOn.strip()).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            } catch (java.time.format.DateTimeParseException bad) {
                throw new ApiException(400, "Bad request", "The expiry must be a date (YYYY-MM-DD).");
            }
        }
        List<String> allowed = commaList(cidrs);
        if (!allowed.isEmpty()) {
            body.put("allowedCidrs", allowed);
        }
        JsonNode created = api.send(caller(), HttpMethod.POST, "/v1/projects/" + project + "/api-keys", body).body();
        return apiKeysView(project, map(created));
    }

    @POST
    @Path("app/projects/{p}/api-keys/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeApiKey(@PathParam("p") String p, @PathParam("id") String id) {
        String project = projectId(p);
        api.send(caller(), HttpMethod.DELETE, "/v1/projects/" + project + "/api-keys/" + keyId(id), null);
        return seeOther("/app/projects/" + project + "/api-keys?done=revoked");
    }

    @POST
    @Path("app/projects/{p}/api-keys/{id}/rotate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance rotateApiKey(@PathParam("p") String p, @PathParam("id") String id,
                                         @FormParam("gracePeriodSeconds") String grace) {
        String project = projectId(p);
        int seconds;
        try {
            seconds = grace == null || grace.isBlank() ? 3600 : Integer.parseInt(grace.strip());
        } catch (NumberFormatException bad) {
            throw new ApiException(400, "Bad request", "The grace period must be a number of seconds (0 to 86400).");
        }
        JsonNode created = api.send(caller(), HttpMethod.POST,
                "/v1/projects/" + project + "/api-keys/" + keyId(id) + "/rotate", Map.of("gracePeriodSeconds", seconds)).body();
        return apiKeysView(project, map(created));
    }

    private TemplateInstance apiKeysView(String project, Map<String, Object> created) {
        List<Object> keys = list(api.get(caller(), "/v1/projects/" + project + "/api-keys"));
        List<Object> environments = list(api.get(caller(), "/v1/projects/" + project + "/environments"));
        return page(apiKeysPage, "API keys").data("project", map(api.get(caller(), "/v1/projects/" + project)))
                .data("keys", keys).data("created", created).data("environments", environments);
    }

    // ------------------------------------------------------------------------------------------ members

    @GET
    @Path("app/projects/{p}/members")
    public TemplateInstance members(@PathParam("p") String p, @QueryParam("done") String done) {
        String project = projectId(p);
        return page(membersPage, "Members").data("project", map(api.get(caller(), "/v1/projects/" + project)))
                .data("members", list(api.get(caller(), "/v1/projects/" + project + "/members"))).data("done", done);
    }

    @POST
    @Path("app/projects/{p}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@PathParam("p") String p, @FormParam("email") String email, @FormParam("role") String role) {
        String project = projectId(p);
        api.send(caller(), HttpMethod.POST, "/v1/projects/" + project + "/members",
                Map.of("email", text(email), "role", text(role)));
        return seeOther("/app/projects/" + project + "/members?done=invited");
    }

    @POST
    @Path("app/projects/{p}/members/{user}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@PathParam("p") String p, @PathParam("user") String user, @FormParam("role") String role) {
        String project = projectId(p);
        api.send(caller(), HttpMethod.PATCH, "/v1/projects/" + project + "/members/" + projectId(user),
                Map.of("role", text(role)));
        return seeOther("/app/projects/" + project + "/members?done=role-changed");
    }

    @POST
    @Path("app/projects/{p}/members/{user}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response removeMember(@PathParam("p") String p, @PathParam("user") String user) {
        String project = projectId(p);
        api.send(caller(), HttpMethod.DELETE, "/v1/projects/" + project + "/members/" + projectId(user), null);
        return seeOther("/app/projects/" + project + "/members?done=removed");
    }

    @POST
    @Path("app/projects/{p}/invitations/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response removeInvitation(@PathParam("p") String p, @FormParam("email") String email) {
        String project = projectId(p);
        api.send(caller(), HttpMethod.DELETE, "/v1/projects/" + project + "/invitations/" + encode(text(email)), null);
        return seeOther("/app/projects/" + project + "/members?done=removed");
    }

    // ------------------------------------------------------------------------------------------ account

    @GET
    @Path("app/account")
    public TemplateInstance account() {
        DashboardApi.Caller caller = caller();
        return page(accountPage, "Account").data("me", map(api.get(caller, "/v1/me")))
                .data("mfa", api.mfaState(caller, realmUrl).name().toLowerCase(Locale.ROOT))
                .data("accountConsole", realmUrl + "/account/")
                .data("totpSetup", realmUrl + "/account/account-security/signing-in");
    }

    // ------------------------------------------------------------------------------------------ errors

    @ServerExceptionMapper
    public Response refused(ApiException refused) {
        int status = refused.status() >= 400 && refused.status() < 600 ? refused.status() : 500;
        return Response.status(status).type(MediaType.TEXT_HTML)
                .entity(page(errorPage, refused.title()).data("status", status).data("detail", refused.detail())
                        .data("signInAgain", status == 401))
                .build();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private TemplateInstance page(Template template, String title) {
        String email = idToken == null ? null : idToken.getClaim("email");
        String name = idToken == null ? null : idToken.getClaim("name");
        // Qute renders strictly: every key a template may test is present, if only as null.
        return template.data("title", title).data("userName", name != null ? name : email).data("userEmail", email)
                .data("done", null);
    }

    private DashboardApi.Caller caller() {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new ApiException(401, "Signed out", "The session has no access token; sign in again.");
        }
        return new DashboardApi.Caller(token.getToken(), clientIps.of(request), request.getHeader("User-Agent"),
                request.isSSL());
    }

    private static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(JsonNode node) {
        return node == null ? Map.of() : json.convertValue(node, LinkedHashMap.class);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(JsonNode node) {
        return node == null || !node.isArray() ? List.of() : json.convertValue(node, ArrayList.class);
    }

    private static String text(String value) {
        if (value == null || value.isBlank()) {
            throw new ApiException(400, "Bad request", "A required field is empty.");
        }
        return value.strip();
    }

    private static List<String> commaList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String projectId(String id) {
        if (id == null || !UUID_SHAPE.matcher(id).matches()) {
            throw new ApiException(404, "Not found", "No such project.");
        }
        return id.toLowerCase();
    }

    private static String envPath(String project, String environment) {
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw new ApiException(404, "Not found", "No such environment.");
        }
        return "/v1/projects/" + project + "/environments/" + environment;
    }

    private static String variableName(String name) {
        if (name == null || !VARIABLE.matcher(name.strip()).matches()) {
            throw new ApiException(400, "Bad request", "A variable name is letters, digits and _ (not starting with a digit).");
        }
        return name.strip();
    }

    private static String keyId(String id) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new ApiException(404, "Not found", "No such key or session.");
        }
        return id;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String now() {
        return Instant.now().toString();
    }
}
