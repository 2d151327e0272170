package dev.conveyor.billing.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.billing.BillingIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a careless or hostile client can send billing's own port (issue 16): every answer is below
 * 500, every 4xx an RFC 9457 problem with {@code type}, {@code title}, {@code status} and, for a
 * body field, a JSON pointer {@code field}; no value of the budget is coerced or ignored.
 */
class HardeningTest extends BillingIntegrationTest {

    private static final String NUL = "\\u0000";
    private static final String LONE_SURROGATE = "\\ud800";

    /** Values of every class the issue lists, each put in place of one field's value. */
    private static final List<String> HOSTILE_VALUES = List.of(
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

    /** Documented to take a JSON number or a decimal string (BudgetRequest). */
    private static final Set<String> NUMBER_OR_STRING = Set.of("monthly_budget_usd");

    private static final String BUDGET = """
            {"monthly_budget_usd":"5.00","monthly_token_quota":1000,"thresholds":[50,100],"policy":"reject"}""";

    @Test
    void theBudgetAnswersHostileValuesWithProblemsNamingTheFieldAndCoercesNothing() {
        String path = "/v1/tenants/" + tenant("fuzz") + "/budget";
        assertThat(send("PUT", path, "application/json", BUDGET).status()).isEqualTo(200);
        List<String> faults = new ArrayList<>();
        for (Span span : valueSpans(BUDGET)) {
            for (String hostile : HOSTILE_VALUES) {
                String body = BUDGET.substring(0, span.start()) + hostile + BUDGET.substring(span.end());
                Reply reply = check(faults, "PUT", path, "application/json", body);
                String refuse = mustRefuse(span.field(), BUDGET.substring(span.start(), span.end()), hostile);
                if (refuse != null && !(reply.status() == 400 && pointer(reply) != null)) {
                    faults.add("PUT " + abbreviate(body) + " -> " + reply.status() + ", but " + refuse
                            + " must be a 400 naming the field");
                }
            }
        }
        for (String member : List.of("monthly_budget_usd", "monthly_token_quota", "thresholds", "policy")) {
            String misspelt = BUDGET.replace("\"" + member + "\":", "\"" + member + "_typo\":");
            Reply typo = check(faults, "PUT", path, "application/json", misspelt);
            if (typo.status() != 400 || !("/" + member + "_typo").equals(pointer(typo))) {
                faults.add("PUT " + misspelt + " -> " + typo.status() + ": an unknown field must be a 400 naming it");
            }
        }
        Random random = new Random(16);
        for (int i = 0; i < 8; i++) {
            String cut = BUDGET.substring(0, random.nextInt(BUDGET.length()));
            Reply reply = check(faults, "PUT", path, "application/json", cut);
            if (reply.status() != 400) {
                faults.add("PUT " + cut + " -> " + reply.status() + ": a truncated body must be a 400");
            }
        }
        for (String body : List.of("", "null", "[]", "\"x\"", "[[[[[[", "{\"thresholds\":[50,1.5]}")) {
            Reply reply = check(faults, "PUT", path, "application/json", body);
            if (reply.status() != 400) {
                faults.add("PUT " + body + " -> " + reply.status() + ": must be a 400");
            }
        }
        check(faults, "PUT", path, "text/plain", BUDGET);
        assertThat(faults).isEmpty();
    }

    @Test
    void hostilePathsAndQueriesAreProblemsNever5xx() {
        String t = tenant("fuzz");
        String longText = "9".repeat(5000);
        List<String> requests = new ArrayList<>();
        for (String query : List.of(
                "tenant=%zz",
                "tenant=%00",
                "tenant=%ED%A0%80",
                "tenant=" + longText,
                "tenant=" + t + "&from=%zz",
                "tenant=" + t + "&from=%00",
                "tenant=" + t + "&from=1.5",
                "tenant=" + t + "&from=" + longText,
                "tenant=" + t + "&from=+999999999-01-01",
                "tenant=" + t + "&to=%ED%A0%80",
                "tenant=" + t + "&to=2026-02-30",
                "tenant=" + t + "&group_by=%00",
                "tenant=" + t + "&group_by=" + longText,
                "tenant=" + t + "&tenant=" + t,
                "%zz=1")) {
            requests.add("GET /v1/usage?" + query);
        }
        for (String tenant : List.of("%zz", "%00", "%ED%A0%80", "%20", "a%3Bb", "%2e%2e", "t".repeat(3000))) {
            requests.add("GET /v1/tenants/" + tenant + "/budget");
            requests.add("PUT /v1/tenants/" + tenant + "/budget");
            requests.add("GET /v1/exports/" + tenant + "/2026-11.csv");
        }
        for (String file : List.of(
                "2026-13.csv",
                "%zz.csv",
                "2026-11.%00",
                "2026-11.exe",
                "%ED%A0%80.json",
                "+99999-11.json",
                "1.5.csv")) {
            requests.add("GET /v1/exports/" + t + "/" + file);
        }
        for (String query : List.of(
                "month=%zz",
                "month=%00", "month=2026-13", "month=1.5", "month=" + longText, "", "month=", "month=+99999-11")) {
            requests.add("GET /v1/reconciliation?" + query);
        }
        List<String> faults = new ArrayList<>();
        for (String request : requests) {
            boolean put = request.startsWith("PUT");
            Reply reply = raw(request + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (put ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" : "\r\n"));
            String fault = fault(reply, false);
            if (fault != null) {
                faults.add(
                        abbreviate(request) + " -> " + reply.status() + ": " + fault + " " + abbreviate(reply.body()));
            }
            if (request.contains("+99999") && reply.status() != 400) {
                faults.add(request + " -> " + reply.status() + ": a year beyond four digits was taken");
            }
            if (request.endsWith("&tenant=" + t) && reply.status() != 400) {
                faults.add(
                        request + " -> " + reply.status() + ": a parameter given twice was taken, joined with a comma");
            }
        }
        assertThat(faults).isEmpty();
    }

    private record Reply(int status, String contentType, String body) {}

    private Reply check(List<String> faults, String method, String path, String type, String body) {
        Reply reply = send(method, path, type, body);
        String fault = fault(reply, true);
        if (fault != null) {
            faults.add(method + " " + abbreviate(body) + " -> " + reply.status() + ": " + fault + " "
                    + abbreviate(reply.body()));
        }
        return reply;
    }

    private Reply send(String method, String path, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return raw(
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: " + type
                        + "\r\nContent-Length: " + bytes.length + "\r\n\r\n",
                bytes);
    }

    /** What is wrong with this answer, or null: a 5xx, or a 4xx that is not a problem. */
    private static String fault(Reply reply, boolean bodyField) {
        if (reply.status() >= 500) {
            return "a server error";
        }
        if (reply.status() < 400) {
            return null;
        }
        if (!reply.contentType().startsWith("application/problem+json")) {
            return "content type " + reply.contentType();
        }
        JsonNode problem = JSON.readTree(reply.body());
        if (!problem.path("type").asString("").startsWith("https://")) {
            return "no type";
        }
        if (problem.path("title").asString("").isBlank()) {
            return "no title";
        }
        if (problem.path("status").asInt() != reply.status()) {
            return "status " + problem.path("status");
        }
        String detail = problem.path("detail").asString("");
        if (detail.contains("java.") || detail.contains("dev.conveyor.") || detail.contains("`")) {
            return "a Java type in the detail";
        }
        if (bodyField
                && problem.has("field")
                && !problem.path("field").asString().startsWith("/")) {
            return "field is not a JSON pointer";
        }
        return null;
    }

    /** The problem's JSON pointer {@code field}, or null. */
    private static String pointer(Reply reply) {
        if (!reply.contentType().startsWith("application/problem+json")) {
            return null;
        }
        String field = JSON.readTree(reply.body()).path("field").asString(null);
        return field != null && field.startsWith("/") ? field : null;
    }

    /** A scalar value's place in a JSON document, and the member it is (or is the first element) of. */
    private record Span(int start, int end, String field) {}

    /** Where each scalar value of a flat JSON object (and the first of each array) starts and ends. */
    private static List<Span> valueSpans(String json) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == ':' || (c == '[' && json.charAt(i - 1) == ':')) {
                int colon = c == ':' ? i : i - 1;
                String field = json.substring(json.lastIndexOf('"', colon - 2) + 1, colon - 1);
                int start = i + 1;
                char first = json.charAt(start);
                if (first == '"') {
                    spans.add(new Span(start, json.indexOf('"', start + 1) + 1, field));
                } else if (first == '-' || Character.isDigit(first)) {
                    int end = start;
                    while ("-0123456789.eE".indexOf(json.charAt(end)) >= 0) {
                        end++;
                    }
                    spans.add(new Span(start, end, field));
                }
            }
        }
        return spans;
    }

    /**
     * Why {@code hostile} may not be taken in place of {@code valid} as {@code field}, or null: text
     * with a NUL or a lone surrogate never, nor a value of another JSON type, nor 1.5 as a whole number.
     */
    private static String mustRefuse(String field, String valid, String hostile) {
        if (hostile.contains(NUL) || hostile.contains(LONE_SURROGATE)) {
            return "text with a NUL or a lone surrogate";
        }
        if (NUMBER_OR_STRING.contains(field) || hostile.equals("null")) {
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

    private Reply raw(String head) {
        return raw(head, new byte[0]);
    }

    private Reply raw(String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String headers = split < 0 ? text : text.substring(0, split);
            String content = split < 0 ? "" : text.substring(split + 4);
            if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
                content = dechunk(content);
            }
            String type = headers.lines()
                    .filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring("content-type:".length()).strip())
                    .findFirst()
                    .orElse("");
            return new Reply(Integer.parseInt(headers.substring(9, 12)), type, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
