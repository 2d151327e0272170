package dev.conveyor.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the services' hardening tests fuzz with, kept once: hostile values to put in place of a JSON
 * body's values, where those values are, which of them an API must refuse, raw HTTP over a socket
 * (nothing on the way normalises the request), and what makes an error answer not an RFC 9457
 * problem.
 */
public final class HostileInput {

    /** A NUL, as a JSON string escape. */
    public static final String NUL = "\\u0000";

    /** A lone high surrogate, as a JSON string escape. */
    public static final String LONE_SURROGATE = "\\ud800";

    /**
     * Values of every class issue #16 lists, each put in place of one field's value: text with a NUL,
     * with a lone surrogate, of a megabyte; a fraction, a number as text, a number, a negative, a
     * boolean, an array, an object, null and a number no double holds.
     */
    public static final List<String> VALUES = List.of(
            "\"" + NUL + "\"",
            "\"a" + LONE_SURROGATE + "b\"",
            "\"" + "x".repeat(1 << 20) + "\"",
            "1.5",
            "\"300\"",
            "123",
            "-1",
            "true",
            "[]",
            "{}",
            "null",
            "1e400");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HostileInput() {}

    /** An answer as it came off the wire. */
    public record Reply(int status, String contentType, String body) {}

    /** A scalar value's place in a JSON document, and the name of the member it is (or is the first element) of. */
    public record Span(int start, int end, String field) {}

    /** Sends {@code head} (request line and headers, ending in an empty line) and {@code body} exactly as they are. */
    public static Reply send(int port, String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String headers = split < 0 ? text : text.substring(0, split);
            String content = split < 0 ? "" : text.substring(split + 4);
            if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                content = dechunk(content);
            }
            String type = headers.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(l -> l.substring("content-type:".length()).strip())
                    .findFirst()
                    .orElse("");
            return new Reply(Integer.parseInt(headers.substring(9, 12)), type, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request that is all head (or carries its body in it, as ISO-8859-1 text). */
    public static Reply send(int port, String request) {
        return send(port, request, new byte[0]);
    }

    /**
     * What is wrong with this answer, or null: a 5xx; or a 4xx that is not an RFC 9457 problem with an
     * {@code https://} type, a title and its own status, or that names a Java type in its detail, or
     * (with {@code fieldIsPointer}) whose {@code field} is not a JSON pointer.
     */
    public static String fault(int status, String contentType, String body, boolean fieldIsPointer) {
        if (status >= 500) {
            return "a server error";
        }
        if (status < 400) {
            return null;
        }
        if (!contentType.startsWith("application/problem+json")) {
            return "content type " + contentType;
        }
        JsonNode problem = JSON.readTree(body);
        if (!problem.path("type").asString("").startsWith("https://")) {
            return "no type";
        }
        if (problem.path("title").asString("").isBlank()) {
            return "no title";
        }
        if (problem.path("status").asInt() != status) {
            return "status " + problem.path("status");
        }
        String detail = problem.path("detail").asString("");
        if (detail.contains("java.") || detail.contains("dev.conveyor.") || detail.contains("`")) {
            return "a Java type in the detail";
        }
        if (fieldIsPointer
                && problem.has("field")
                && !problem.path("field").asString().startsWith("/")) {
            return "field is not a JSON pointer";
        }
        return null;
    }

    /** {@link #fault(int, String, String, boolean)} of a reply off the wire. */
    public static String fault(Reply reply, boolean fieldIsPointer) {
        return fault(reply.status(), reply.contentType(), reply.body(), fieldIsPointer);
    }

    /** The problem's {@code field} when it is a JSON pointer, else null. */
    public static String pointer(String contentType, String body) {
        if (!contentType.startsWith("application/problem+json")) {
            return null;
        }
        String field = JSON.readTree(body).path("field").asString(null);
        return field != null && field.startsWith("/") ? field : null;
    }

    /** Where each scalar value of a flat-ish JSON document (and the first of each array) starts and ends. */
    public static List<Span> valueSpans(String json) {
        List<Span> spans = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && (c == ':' || (c == '[' && i > 0 && json.charAt(i - 1) == ':'))) {
                int colon = c == ':' ? i : i - 1;
                String field = json.substring(json.lastIndexOf('"', colon - 2) + 1, colon - 1);
                int start = i + 1;
                char first = json.charAt(start);
                if (first == '"') {
                    spans.add(new Span(start, json.indexOf('"', start + 1) + 1, field));
                } else if (first == '-' || Character.isDigit(first)) {
                    int end = start;
                    while (end < json.length() && "-0123456789.eE".indexOf(json.charAt(end)) >= 0) {
                        end++;
                    }
                    spans.add(new Span(start, end, field));
                }
            }
        }
        return spans;
    }

    /**
     * Why {@code hostile} may not be taken in place of {@code valid} as the value of {@code field}, or
     * null: text with a NUL or a lone surrogate never, and no value of another JSON type (a string for
     * a number, a number for a string, 1.5 for a whole number), since nothing is coerced. Fields in
     * {@code numberOrString} are documented to take a number or a decimal string.
     */
    public static String mustRefuse(String field, String valid, String hostile, Set<String> numberOrString) {
        if (hostile.contains(NUL) || hostile.contains(LONE_SURROGATE)) {
            return "text with a NUL or a lone surrogate";
        }
        if (numberOrString.contains(field) || hostile.equals("null")) {
            return null;
        }
        boolean wasString = valid.startsWith("\"");
        boolean isString = hostile.startsWith("\"");
        boolean isScalar = !hostile.equals("true") && !hostile.startsWith("[") && !hostile.startsWith("{");
        if (wasString != isString || !isScalar) {
            return "a value of another JSON type";
        }
        if (!wasString && !valid.contains(".") && (hostile.contains(".") || hostile.contains("e"))) {
            return "a fraction in a whole number";
        }
        return null;
    }

    /** At most 120 characters of {@code s}, for a fault's message. */
    public static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
