package dev.conveyor.router.admin;

import static dev.conveyor.embedded.HostileInput.NUL;
import static dev.conveyor.embedded.HostileInput.abbreviate;
import static dev.conveyor.embedded.HostileInput.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.HostileInput.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a careless or hostile client can send the router's port (issue 16): its actuator's write
 * operation (the providers' health check) and its read operations that take a selector or a query
 * answer below 500, and every 4xx is an RFC 9457 problem with {@code type}, {@code title} and
 * {@code status}, never a Java type in the detail.
 */
class HardeningTest extends RouterPortTest {

    /** Hostile path segments: bad percent-encoding, NUL, a lone surrogate's UTF-8, dot segments, a path parameter, an encoded slash and backslash, a blank, an over-long name. */
    private static final List<String> HOSTILE_SEGMENTS = List.of(
            "%zz", "%00", "%ED%A0%80", "%2e", "%2e%2e", "...", "a;b=c", "a%2Fb", "%5C", "%20", "p".repeat(3000));

    @Test
    void theHealthCheckAnswersHostileNamesAndBodiesWithProblemsNever5xx() {
        List<String> faults = new ArrayList<>();
        for (String name : HOSTILE_SEGMENTS) {
            request(faults, "POST", "/actuator/providers/" + name, "application/json", "{}");
        }
        // producer-api sends the name as a path segment: a literal '..' resolves to POST /actuator
        request(faults, "POST", "/actuator/providers/..", "application/json", "{}");
        Reply unknown = request(faults, "POST", "/actuator/providers/no-such-provider", "application/json", "{}");
        if (unknown.status() != 404) {
            faults.add("POST /actuator/providers/no-such-provider -> " + unknown.status() + ": must be a 404");
        }
        String valid = "/actuator/providers/openai";
        Reply known = request(faults, "POST", valid, "application/json", "{}");
        assertThat(known.status()).as(known.body()).isEqualTo(200);
        List<String> bodies = new ArrayList<>(List.of(
                "",
                "null",
                "[]",
                "\"x\"",
                "1.5",
                "{\"name\":\"anthropic\"}",
                "{\"name\":123}",
                "{\"x\":\"" + NUL + "\"}",
                "{\"x\":\"a\\ud800b\"}",
                "{\"x\":\"" + "x".repeat(1 << 20) + "\"}",
                "{\"x\":1e400}",
                "[".repeat(2000),
                "{".repeat(2000)));
        String sample = "{\"name\":\"openai\",\"models\":[\"gpt-4.1-mini\"]}";
        Random random = new Random(16);
        for (int i = 0; i < 5; i++) {
            bodies.add(sample.substring(0, random.nextInt(sample.length())));
        }
        for (String body : bodies) {
            request(faults, "POST", valid, "application/json", body);
        }
        // the operation takes no body fields: one is never ignored, nor taken as the provider's name
        for (String body : List.of("{\"name\":\"anthropic\"}", "{\"x\":1}", "{\"models\":[]}")) {
            Reply reply = request(faults, "POST", valid, "application/json", body);
            if (reply.status() != 400
                    || !JSON.readTree(reply.body()).path("field").asString("").startsWith("/")) {
                faults.add("POST " + valid + " " + body + " -> " + reply.status() + ": must be a 400 naming the field");
            }
        }
        for (String type : List.of("text/plain", "application/xml", "application/vnd.spring-boot.actuator.v3+json")) {
            request(faults, "POST", valid, type, "{}");
        }
        request(faults, "POST", valid, null, "");
        assertThat(faults).isEmpty();
    }

    @Test
    void hostileSelectorsAndQueriesOnTheReadOperationsAreProblemsNever5xx() {
        List<String> paths = new ArrayList<>();
        for (String segment : HOSTILE_SEGMENTS) {
            paths.add("/actuator/circuits/" + segment);
            paths.add("/actuator/metrics/" + segment);
            paths.add("/actuator/health/" + segment);
        }
        for (String query : List.of(
                "tag=%zz",
                "tag=%00",
                "tag=nocolon",
                "tag=a:b:c",
                "tag=:",
                "tag=state:%ED%A0%80",
                "tag=" + "t".repeat(5000) + ":x",
                "tag=1.5&tag=1.5")) {
            paths.add("/actuator/metrics/jvm.threads.live?" + query);
        }
        for (String query : List.of("includedNames=%zz", "includedNames=%00", "includedNames=" + "n".repeat(5000))) {
            paths.add("/actuator/prometheus?" + query);
        }
        paths.add("/actuator/circuits/history?x=%zz");
        paths.add("/actuator/providers?x=%zz");
        paths.add("/actuator/metrics/no.such.metric");
        List<String> faults = new ArrayList<>();
        for (String path : paths) {
            request(faults, "GET", path, null, "");
        }
        request(faults, "GET", "/actuator/providers/openai", null, "");
        request(faults, "DELETE", "/actuator/providers/openai", null, "");
        request(faults, "POST", "/actuator/circuits", "application/json", "{}");
        request(faults, "POST", "/actuator/circuits/history", "application/json", "{}");
        assertThat(faults).isEmpty();
    }

    private Reply request(List<String> faults, String method, String path, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Reply reply = raw(
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + (type == null ? "" : "Content-Type: " + type + "\r\n")
                        + "Content-Length: " + bytes.length + "\r\n\r\n",
                bytes);
        String fault = fault(reply, false);
        if (fault != null) {
            faults.add(method + " " + abbreviate(path) + " " + abbreviate(body) + " -> " + reply.status() + ": " + fault
                    + " " + abbreviate(reply.body()));
        }
        return reply;
    }
}
