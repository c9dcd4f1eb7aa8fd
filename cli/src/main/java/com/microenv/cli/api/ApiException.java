package com.microenv.cli.api;

import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;

import java.util.Map;

/**
 * The API answered with an error status; built from its RFC 9457 problem when there is one.
 * Shown as one line: {@code 403 Forbidden — <detail>}. The exit code follows the status ({@link ExitCodes#forStatus}).
 */
public class ApiException extends CliException {

    private static final int MAX_DETAIL = 300;
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(303, "See Other"),
            Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(412, "Precondition Failed"), Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Content"),
            Map.entry(428, "Precondition Required"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final int status;
    private final String title;
    private final String detail;
    private final String requestId;

    public ApiException(int status, String title, String detail, String requestId) {
        super(ExitCodes.forStatus(status), line(status, title, detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.requestId = requestId;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The request id the platform logged this request under, if it said; quote it when asking for help. */
    public String requestId() {
        return requestId;
    }

    private static String line(int status, String title, String detail) {
        String heading = oneLine(title);
        if (heading.isEmpty()) {
            heading = REASONS.getOrDefault(status, "HTTP error");
        }
        String text = status + " " + heading;
        String more = oneLine(detail);
        if (more.length() > MAX_DETAIL) {
            more = more.substring(0, MAX_DETAIL - 3) + "...";
        }
        return more.isEmpty() ? text : text + " — " + more;
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return text.replaceAll("\\p{Cntrl}+", " ").replaceAll(" {2,}", " ").strip();
    }
}
