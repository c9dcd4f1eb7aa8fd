package com.microenv.cli.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.config.ApiUrl;
import com.microenv.cli.config.Credential;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The public MicroENV API as the CLI uses it, over the JDK's {@link HttpURLConnection}. Owns timeouts and turns every failure
 * into a {@link CliException}: {@link ApiException} for error statuses, exit code 4 when the API is unreachable.
 * Redirects are not followed, so the credential only ever goes to the configured URL.
 */
public final class MicroenvApi {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);


    private final ApiUrl apiUrl;
    private final Credential credential;
    private final String userAgent;
    private final Consumer<String> debug;

    /**
     * @param credential presented as {@code Authorization: Bearer}; null for the device flow, which needs none
     * @param debug      receives one line per request and response when {@code --debug} is on; never a secret
     */
    public MicroenvApi(ApiUrl apiUrl, Credential credential, String userAgent, Consumer<String> debug) {
        this.apiUrl = apiUrl;
        this.credential = credential;
        this.userAgent = userAgent;
        this.debug = debug;
    }

    /**
     * All variables of one environment, rendered by the API in {@code format} ({@code json}, {@code env}, {@code yaml}
     * or {@code docker}): {@code GET …/variables?format=}. The body is returned as the API sent it.
     */
    public String export(String projectId, String environment, String format) {
        return send(get(variablesPath(projectId, environment) + "?format=" + segment(format))).body();
    }

    /** All variables of one environment with their values ({@code GET …/variables?format=json}), by name. */
    public Map<String, String> variables(String projectId, String environment) {
        Response response = send(get(variablesPath(projectId, environment) + "?format=json"));
        // Jackson's streaming parser, not an ObjectMapper: run's start-up pays only for what it reads.
        try (JsonParser parser = new JsonFactory().createParser(response.body())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notVariables();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("variables")) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_OBJECT) {
                    throw notVariables();
                }
                Map<String, String> values = new TreeMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken token = parser.nextToken();
                    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        throw notVariables();
                    }
                    values.put(name, token == JsonToken.VALUE_NULL ? "" : parser.getText());
                }
                return values;
            }
            throw notVariables();
        } catch (JsonProcessingException e) {
            throw notVariables();
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    private CliException notVariables() {
        // Never the body in the message: it holds values.
        return new CliException(ExitCodes.ERROR, "the API's answer has no 'variables' object; is " + apiUrl.url()
                + " a MicroENV API?");
    }

    /** Deletes one variable ({@code DELETE …/variables/{NAME}}, 204). */
    public void deleteVariable(String projectId, String environment, String name) {
        send(request(variablesPath(projectId, environment) + "/" + segment(name)).DELETE().build());
    }

    /** {@code GET /v1/auth/cli-tokens}: the caller's CLI sessions, as auth-service lists them. */
    public JsonNode cliTokens() {
        return parse(send(get("/v1/auth/cli-tokens")), JsonNode.class);
    }

    /** {@code DELETE /v1/auth/cli-tokens/{id}}: revokes one of the caller's CLI tokens. */
    public void revokeCliToken(String id) {
        send(request("/v1/auth/cli-tokens/" + segment(id)).DELETE().build());
    }

    /** {@code DELETE /v1/auth/cli-tokens}: revokes every CLI token of the caller, this one included. */
    public void revokeAllCliTokens() {
        send(request("/v1/auth/cli-tokens").DELETE().build());
    }

    /** Revokes the CLI token presented ({@code POST /v1/auth/logout}): what {@code logout} does. */
    public void revokeCurrentToken() {
        send(post("/v1/auth/logout", Map.of()));
    }

    /**
     * Starts the device flow (RFC 8628 §3.1): {@code POST /v1/auth/device} {@code {"client_name","token_lifetime"}}, no credential.
     *
     * @param ttlSeconds the lifetime asked for the CLI token, or null for the server's default
     */
    public DeviceAuthorization startDeviceAuthorization(String clientName, Long ttlSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_name", clientName);
        if (ttlSeconds != null) {
            body.put("token_lifetime", ttlSeconds);
        }
        Response response = send(post("/v1/auth/device", body));
        DeviceAuthorization authorization = parse(response, DeviceAuthorization.class);
        if (authorization.deviceCode() == null || authorization.userCode() == null || authorization.verificationUri() == null) {
            throw new CliException(ExitCodes.ERROR, "the API's device authorization lacks device_code, user_code or "
                    + "verification_uri; is " + apiUrl.url() + " a MicroENV API?");
        }
        return authorization;
    }

    /**
     * One poll of the device flow (RFC 8628 §3.4-3.5): {@code POST /v1/auth/device/token} {@code {"device_code"}}.
     * A 400 with an {@code error} is an answer, not a failure: it comes back as {@link DeviceTokenAnswer#error()}.
     */
    public DeviceTokenAnswer pollDeviceToken(String deviceCode) {
        // RFC 8628 §3.4 and docs/contracts.md: grant_type is required next to device_code (auth-service refuses without it).
        Map<String, Object> poll = new LinkedHashMap<>();
        poll.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
        poll.put("device_code", deviceCode);
        Request request = post("/v1/auth/device/token", poll);
        Response response = exchange(request);
        if (response.statusCode() == 400 || response.statusCode() == 401) {
            try {
                JsonNode body = Json.MAPPER.readTree(response.body());
                String error = body == null ? null : text(body, "error");
                if (error != null) {
                    return new DeviceTokenAnswer(null, null, null, error, text(body, "error_description"));
                }
            } catch (JsonProcessingException e) {
                debug.accept("the device token error is not JSON");
            }
        }
        if (response.statusCode() >= 300) {
            throw problem(response, response.header("X-Request-Id").orElse(null));
        }
        DeviceTokenAnswer answer = parse(response, DeviceTokenAnswer.class);
        if (answer.token() == null) {
            throw new CliException(ExitCodes.ERROR, "the API approved the login but sent no token");
        }
        return answer;
    }

    /** One variable with its value. */
    public VariableResponse variable(String projectId, String environment, String name) {
        Response response = send(get(variablesPath(projectId, environment) + "/" + segment(name)));
        return parse(response, VariableResponse.class);
    }

    /** Creates or updates one variable. */
    public PutResult putVariable(String projectId, String environment, String name, String value) {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(Map.of("value", value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a string as JSON", e);
        }
        Request request = request(variablesPath(projectId, environment) + "/" + segment(name))
                .header("Content-Type", "application/json")
                .PUT(body)
                .build();
        Response response = send(request);
        return new PutResult(parse(response, VariableWritten.class), response.statusCode() == 201);
    }

    /** {@code GET /v1/me}: who the credential belongs to, as the platform describes it. */
    public JsonNode me() {
        return parse(send(get("/v1/me")), JsonNode.class);
    }

    private static String variablesPath(String projectId, String environment) {
        return "/v1/projects/" + segment(projectId) + "/environments/" + segment(environment) + "/variables";
    }

    // Callers validate names first; encoding is the second fence against a path that escapes its segment.
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Request post(String path, Object body) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a request as JSON", e);
        }
        return request(path)
                .header("Content-Type", "application/json")
                .POST(json)
                .build();
    }

    private Request get(String path) {
        return request(path).GET().build();
    }

    private RequestBuilder request(String path) {
        RequestBuilder builder = new RequestBuilder(URI.create(apiUrl.url() + path))
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", userAgent);
        if (credential != null) {
            builder.header("Authorization", "Bearer " + credential.secret());
        }
        return builder;
    }

    private Response send(Request request) {
        Response response = exchange(request);
        if (response.statusCode() >= 300) {
            throw problem(response, response.header("X-Request-Id").orElse(null));
        }
        return response;
    }

    /** Sends {@code request} and returns whatever status came back; only a failure to talk to the API throws. */
    private Response exchange(Request request) {
        debug.accept(request.method() + " " + request.uri() + (credential == null ? "" : " (" + credential + ")"));
        long started = System.nanoTime();
        Response response;
        try {
            response = transfer(request);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE,
                    "cannot reach the MicroENV API at " + apiUrl.url() + ": " + describe(e), e);
        }
        String requestId = response.header("X-Request-Id").orElse(null);
        debug.accept(response.statusCode() + " after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"
                + (requestId == null ? "" : " (request id " + requestId + ")"));
        return response;
    }

    private ApiException problem(Response response, String requestIdHeader) {
        String title = null;
        String detail = null;
        String requestId = requestIdHeader;
        String contentType = response.header("Content-Type").orElse("");
        if (contentType.contains("json") && !response.body().isBlank()) {
            try {
                JsonNode problem = Json.MAPPER.readTree(response.body());
                title = text(problem, "title");
                detail = text(problem, "detail");
                if (text(problem, "requestId") != null) {
                    requestId = text(problem, "requestId");
                }
            } catch (JsonProcessingException e) {
                debug.accept("the error response is not valid JSON");
            }
        }
        if (response.statusCode() < 400 && detail == null) {
            detail = "unexpected redirect" + response.header("Location").map(l -> " to " + l).orElse("")
                    + "; check the API URL";
        }
        return new ApiException(response.statusCode(), title, detail, requestId);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private <T> T parse(Response response, Class<T> type) {
        try {
            T value = Json.MAPPER.readValue(response.body(), type);
            if (value == null) {
                throw new CliException(ExitCodes.ERROR, "the API returned an empty response (HTTP " + response.statusCode() + ")");
            }
            return value;
        } catch (JsonProcessingException e) {
            // Not e.getMessage(): it may quote the body, which can hold secret values.
            throw new CliException(ExitCodes.ERROR, "the API returned a response the CLI cannot read (HTTP "
                    + response.statusCode() + ", " + response.header("Content-Type").orElse("no content type")
                    + "); is " + apiUrl.url() + " a MicroENV API?");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return message.contains("connect") ? "connection timed out after " + CONNECT_TIMEOUT.toSeconds() + " s"
                    : "no response within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SSLException) {
            return "TLS failed: " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * One request over {@link HttpURLConnection}, the JDK's lean client: {@code java.net.http.HttpClient} costs about
     * half a second of start-up (selector thread, executors, TLS set-up) before its first byte, this a few ms.
     */
    private static Response transfer(Request request) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
        try {
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            connection.setRequestMethod(request.method());
            request.headers().forEach(connection::setRequestProperty);
            if (request.body() != null) {
                byte[] bytes = request.body().getBytes(StandardCharsets.UTF_8);
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = "";
            if (stream != null) {
                try (InputStream in = stream) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null && values != null && !values.isEmpty()) {
                    headers.put(name, values.get(0));
                }
            });
            return new Response(status, headers, body);
        } finally {
            connection.disconnect();
        }
    }

    /** A request to send: method, URL, headers, and a UTF-8 body or null. */
    private record Request(String method, URI uri, Map<String, String> headers, String body) {

        // The headers hold the credential.
        @Override
        public String toString() {
            return method + " " + uri;
        }
    }

    /** Builds a {@link Request}. */
    private static final class RequestBuilder {

        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String method = "GET";
        private String body;

        RequestBuilder(URI uri) {
            this.uri = uri;
        }

        RequestBuilder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        RequestBuilder GET() {
            return method("GET", null);
        }

        RequestBuilder DELETE() {
            return method("DELETE", null);
        }

        RequestBuilder PUT(String content) {
            return method("PUT", content);
        }

        RequestBuilder POST(String content) {
            return method("POST", content);
        }

        private RequestBuilder method(String name, String content) {
            this.method = name;
            this.body = content;
            return this;
        }

        Request build() {
            return new Request(method, uri, Map.copyOf(headers), body);
        }
    }

    /** A response: status, headers (first value of each, names case-insensitive) and the body as UTF-8 text. */
    private record Response(int statusCode, Map<String, String> headers, String body) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** The outcome of a PUT: what was written and whether the variable is new. */
    public record PutResult(VariableWritten variable, boolean created) {
    }

    /** Jackson on first use only: making an ObjectMapper costs more start-up time than most commands need. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
