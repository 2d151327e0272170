package dev.conveyor.api;

import static dev.conveyor.embedded.HostileInput.LONE_SURROGATE;
import static dev.conveyor.embedded.HostileInput.NUL;
import static dev.conveyor.embedded.HostileInput.VALUES;
import static dev.conveyor.embedded.HostileInput.abbreviate;
import static dev.conveyor.embedded.HostileInput.fault;
import static dev.conveyor.embedded.HostileInput.mustRefuse;
import static dev.conveyor.embedded.HostileInput.send;
import static dev.conveyor.embedded.HostileInput.valueSpans;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.embedded.HostileInput.Reply;
import dev.conveyor.embedded.HostileInput.Span;
import dev.conveyor.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a careless or hostile client can send (issue 16): every answer to it is a 4xx RFC 9457
 * problem with {@code type}, {@code title}, {@code status} and a JSON pointer {@code field}, never a
 * 5xx, an HTML page or Spring's default error JSON; and no value is coerced or truncated.
 */
class HardeningTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Fields documented to take a JSON number or a decimal string. */
    private static final Set<String> NUMBER_OR_STRING = Set.of("monthly_budget_usd");

    /** A query parameter given twice, which Spring would join into one value with a comma. */
    private static final String REPEATED = "/v1/usage?from=2026-01-01&from=2026-02-01";

    /** Put in place of an id that must be new: each request gets a fresh one, so none is a 409. */
    private static final String FRESH = "fz-fresh";

    /** An endpoint that reads a JSON body, and a valid body for it whose values the fuzz replaces. */
    private record Endpoint(String method, String path, String key, String body) {

        String name() {
            return method + " " + path;
        }
    }

    @Test
    void everyEndpointThatReadsInputAnswersHostileValuesWithProblemsNever5xx() {
        Tenant tenant = newTenant();
        Tenant administered = newTenant();
        String template = "tpl-" + UUID.randomUUID();
        assertThat(api.post("/v1/templates", tenant.key(), """
                        {"id":"%s","messages":[{"role":"user","content":"Review {{file}}"}]}""".formatted(template))
                        .status())
                .isEqualTo(201);
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/v1/jobs", tenant.key(), """
                        {"task_type":"code_analysis","max_tokens":200,"temperature":0.5,"system_prompt":"s","metadata":{"k":"v"},\
                        "messages":[{"role":"user","content":"Review class Cart"}]}"""),
                // a JSON array batch of both shapes it takes: a POST /v1/jobs body and an OpenAI batch line
                new Endpoint("POST", "/v1/batches", tenant.key(), """
                        [{"task_type":"code_analysis","max_tokens":200,"temperature":0.5,"metadata":{"k":"v"},\
                        "messages":[{"role":"user","content":"Review class Cart"}]},\
                        {"custom_id":"c1","method":"POST","url":"/v1/chat/completions","body":{"max_tokens":100,\
                        "messages":[{"role":"user","content":"hi"}],"metadata":{"task_type":"documentation"}}}]"""),
                new Endpoint("POST", "/v1/templates", tenant.key(), """
                        {"id":"%s","description":"d","messages":[{"role":"user","content":"Review {{file}}"}]}""".formatted(FRESH)),
                new Endpoint("POST", "/v1/templates/" + template + "/versions", tenant.key(), """
                        {"description":"d","messages":[{"role":"user","content":"Review {{file}}"}]}"""),
                new Endpoint("POST", "/v1/admin/tenants", ADMIN_KEY, """
                        {"id":"%s","name":"n","requests_per_minute":5}""".formatted(FRESH)),
                // the admin endpoints change another tenant: a rate of 5 a minute on the caller's own
                // tenant would answer the rest 429
                new Endpoint("PATCH", "/v1/admin/tenants/" + administered.id(), ADMIN_KEY, """
                        {"name":"n","requests_per_minute":5}"""),
                new Endpoint("POST", "/v1/admin/tenants/" + administered.id() + "/keys", ADMIN_KEY, """
                        {"name":"n"}"""),
                new Endpoint("PUT", "/v1/admin/tenants/" + administered.id() + "/budget", ADMIN_KEY, """
                        {"monthly_budget_usd":"5.00","monthly_token_quota":1000,"thresholds":[50,100]}"""),
                // no dead letter has these job ids, and none is as new as this: nothing is re-driven
                new Endpoint("POST", "/v1/admin/dead-letters/redrive", ADMIN_KEY, """
                        {"job_ids":["fz-none"],"topic":"%s"}""".formatted(Topics.DEAD_LETTER)),
                new Endpoint("POST", "/v1/admin/dead-letters/redrive", ADMIN_KEY, """
                        {"since":"2999-01-01T00:00:00Z"}"""),
                new Endpoint("POST", "/v1/admin/providers/" + FakeRouter.PROVIDER + "/health-check", ADMIN_KEY, null));
        Random random = new Random(16);
        List<String> faults = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.body() == null) {
                check(faults, endpoint.method(), endpoint.path(), endpoint.key(), "application/json", null);
                continue;
            }
            String valid = endpoint.body();
            for (Span span : valueSpans(valid)) {
                for (String hostile : VALUES) {
                    String body = (valid.substring(0, span.start()) + hostile + valid.substring(span.end()))
                            .replace(FRESH, "fz-" + UUID.randomUUID());
                    Api.Reply reply =
                            check(faults, endpoint.method(), endpoint.path(), endpoint.key(), "application/json", body);
                    String refuse = mustRefuse(
                            span.field(), valid.substring(span.start(), span.end()), hostile, NUMBER_OR_STRING);
                    if (refuse != null
                            && !(reply.status() == 400
                                    && reply.json().path("field").asString("").startsWith("/"))) {
                        faults.add(endpoint.name() + " " + abbreviate(body) + " -> " + reply.status() + ", but "
                                + refuse + " must be a 400 naming the field");
                    }
                }
            }
            String misspelt = valid.replaceFirst("\"(\\w+)\":", "\"$1_typo\":");
            Api.Reply typo =
                    check(faults, endpoint.method(), endpoint.path(), endpoint.key(), "application/json", misspelt);
            if (typo.status() != 400) {
                faults.add(endpoint.name() + " took an unknown field: " + misspelt);
            }
            for (int i = 0; i < 5; i++) {
                String cut = valid.substring(0, random.nextInt(valid.length())).replace(FRESH, "fz-cut");
                check(faults, endpoint.method(), endpoint.path(), endpoint.key(), "application/json", cut);
            }
            check(faults, endpoint.method(), endpoint.path(), endpoint.key(), "text/plain", valid);
        }
        for (String line : List.of(
                "{\"custom_id\":\"c" + NUL + "\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}",
                "{\"custom_id\":\"c\",\"body\":{\"max_tokens\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}",
                "{\"custom_id\":\"c\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":123}]}}",
                "{\"custom_id\":\"c\",\"body\":{\"max_token\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}")) {
            Api.Reply reply = check(faults, "POST", "/v1/batches", tenant.key(), "application/jsonl", line);
            if (reply.status() != 400) {
                faults.add("/v1/batches accepted " + line);
            }
        }
        Map<String, String> keyOf = new LinkedHashMap<>();
        for (String query : List.of(
                "/v1/usage?from=%zz",
                REPEATED,
                "/v1/usage?from=%00",
                "/v1/usage?from=" + "9".repeat(5000),
                "/v1/batches?limit=%zz",
                "/v1/batches?limit=1.5",
                "/v1/batches?after=%00",
                "/v1/jobs/" + "j".repeat(3000),
                "/v1/templates/x/versions/%zz",
                "/v1/nowhere")) {
            keyOf.put("GET " + query, tenant.key());
        }
        for (String query : List.of(
                "/v1/admin/dead-letters?limit=%zz",
                "/v1/admin/dead-letters?limit=1.5",
                "/v1/admin/dead-letters?limit=%00",
                "/v1/admin/dead-letters?topic=%00",
                "/v1/admin/dead-letters?topic=%ED%A0%80",
                "/v1/admin/dead-letters?topic=" + "t".repeat(5000))) {
            keyOf.put("GET " + query, ADMIN_KEY);
        }
        // hostile provider names: bad percent-encoding, NUL, a lone surrogate's UTF-8, dot segments,
        // a path parameter, an encoded slash, an over-long name
        for (String name : List.of(
                "%zz",
                "%00",
                "%ED%A0%80",
                "%2e",
                "%2e%2e",
                "...",
                "%5C",
                "a;b=c",
                "a%2Fb",
                "%20",
                "a%3Fb",
                "p".repeat(3000))) {
            keyOf.put("POST /v1/admin/providers/" + name + "/health-check", ADMIN_KEY);
        }
        keyOf.forEach((request, key) -> {
            Reply reply = send(
                    port(),
                    request + " HTTP/1.1\r\nAuthorization: Bearer " + key
                            + "\r\nContent-Length: 0\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String fault = fault(reply, false);
            if (fault != null) {
                faults.add(
                        abbreviate(request) + " -> " + reply.status() + ": " + fault + " " + abbreviate(reply.body()));
            }
            if (request.endsWith(REPEATED) && reply.status() != 400) {
                faults.add(request + " -> " + reply.status() + ": a parameter given twice was taken");
            }
        });
        assertThat(faults).isEmpty();
    }

    @Test
    void numbersAndStringsAreNeverCoercedIntoEachOtherAndTheFieldIsNamed() {
        Tenant tenant = newTenant();
        Map<String, String> fieldOf = Map.of(
                "\"max_tokens\":1.5",
                "/max_tokens",
                "\"max_tokens\":\"300\"",
                "/max_tokens",
                "\"temperature\":\"1\"",
                "/temperature",
                "\"max_tokens\":\" \"",
                "/max_tokens",
                "\"temperature\":\"" + NUL + "\"",
                "/temperature",
                "\"max_token\":300",
                "/max_token");
        fieldOf.forEach((member, field) -> {
            Api.Reply reply = api.post("/v1/jobs", tenant.key(), """
                    {%s,"messages":[{"role":"user","content":"hi"}]}""".formatted(member));
            assertProblem(reply, 400);
            assertThat(reply.json().path("field").asString()).as(member).isEqualTo(field);
        });
        Api.Reply content = api.post("/v1/jobs", tenant.key(), """
                {"messages":[{"role":"user","content":123}]}""");
        assertProblem(content, 400);
        assertThat(content.json().path("field").asString()).isEqualTo("/messages/0/content");
        Api.Reply wrongShape = api.post("/v1/jobs", tenant.key(), "{\"messages\":\"x\"}");
        assertProblem(wrongShape, 400);
        assertThat(wrongShape.json().path("detail").asString()).doesNotContain("java.", "dev.conveyor", "`");
        Api.Reply quota = api.call("PUT", "/v1/admin/tenants/" + tenant.id() + "/budget")
                .key(ADMIN_KEY)
                .json("{\"monthly_token_quota\":2.9}")
                .send();
        assertProblem(quota, 400);
        assertThat(quota.json().path("field").asString()).isEqualTo("/monthly_token_quota");
    }

    @Test
    void namesAndDescriptionsAreBoundedWellFormedTextAndABudgetNeedsARegisteredTenant() {
        Tenant tenant = newTenant();
        for (String name : List.of("a" + NUL + "b", "a" + LONE_SURROGATE + "b", "n".repeat(201))) {
            Api.Reply created = api.post("/v1/admin/tenants", ADMIN_KEY, """
                    {"id":"t-%s","name":"%s"}""".formatted(UUID.randomUUID(), name));
            Api.Reply renamed = api.call("PATCH", "/v1/admin/tenants/" + tenant.id())
                    .key(ADMIN_KEY)
                    .json("{\"name\":\"%s\"}".formatted(name))
                    .send();
            Api.Reply key = api.post("/v1/admin/tenants/" + tenant.id() + "/keys", ADMIN_KEY, """
                    {"name":"%s"}""".formatted(name));
            Api.Reply template = api.post("/v1/templates", tenant.key(), """
                    {"id":"d-%s","description":"%s","messages":[{"role":"user","content":"hi"}]}""".formatted(UUID.randomUUID(), name));
            for (Api.Reply reply : List.of(created, renamed, key)) {
                assertProblem(reply, 400);
                assertThat(reply.json().path("field").asString()).isEqualTo("/name");
            }
            assertProblem(template, 400);
            assertThat(template.json().path("field").asString()).isEqualTo("/description");
        }
        Api.Reply budget = api.call("PUT", "/v1/admin/tenants/never-registered-" + UUID.randomUUID() + "/budget")
                .key(ADMIN_KEY)
                .json("{\"monthly_token_quota\":1000}")
                .send();
        assertProblem(budget, 404);
    }

    @Test
    void theContainersAndSpringsOwnRefusalsAreProblemsToo() {
        Tenant tenant = newTenant();
        String auth = "Authorization: Bearer " + tenant.key() + "\r\n";
        Map<String, String> requests = Map.of(
                "encoded slash", "GET /v1/jobs/a%2Fb HTTP/1.1\r\n" + auth,
                "encoded NUL", "GET /v1/jobs/a%00b HTTP/1.1\r\n" + auth,
                "very long URL", "GET /v1/jobs/" + "u".repeat(70_000) + " HTTP/1.1\r\n" + auth,
                "oversized header", "GET /v1/jobs/x HTTP/1.1\r\nX-Big: " + "h".repeat(70_000) + "\r\n" + auth,
                "conflicting lengths",
                        "POST /v1/jobs HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                                + "Content-Length: 3\r\n" + auth,
                "unknown route", "GET /v1/nowhere HTTP/1.1\r\n" + auth,
                "method not allowed", "DELETE /v1/jobs HTTP/1.1\r\n" + auth,
                "unsupported media type",
                        "POST /v1/jobs HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n" + auth);
        requests.forEach((what, head) -> {
            Reply reply = send(
                    port(),
                    head + "Host: localhost\r\nConnection: close\r\n\r\n" + (head.startsWith("POST") ? "{}" : ""));
            assertThat(reply.status()).as(what).isBetween(400, 499);
            assertThat(reply.contentType()).as(what).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(reply.body());
            assertThat(problem.path("type").asString()).as(what).startsWith("https://");
            assertThat(problem.path("title").asString()).as(what).isNotBlank();
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(reply.status());
        });
    }

    @Test
    void metricsEndpointsNeedTheAdminKeyOnTheApiPort() {
        Tenant tenant = newTenant();
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/jvm.threads.live")) {
            assertProblem(api.call("GET", path).send(), 401);
            assertProblem(api.get(path, tenant.key()), 403);
            assertThat(api.get(path, ADMIN_KEY).status()).as(path).isEqualTo(200);
        }
        assertThat(api.call("GET", "/actuator/health").send().status()).isEqualTo(200);
    }

    private Api.Reply check(List<String> faults, String method, String path, String key, String type, String body) {
        Api.Call call = api.call(method, path).key(key);
        if (body != null) {
            call = call.body(type, body.getBytes(StandardCharsets.UTF_8));
        }
        Api.Reply reply = call.send();
        String what =
                method + " " + abbreviate(path) + " " + abbreviate(String.valueOf(body)) + " -> " + reply.status();
        // a field is a JSON pointer where there is a body
        String fault = fault(reply.status(), reply.contentType(), reply.body(), body != null);
        if (fault != null) {
            faults.add(what + ": " + fault + " " + abbreviate(reply.body()));
        }
        return reply;
    }

    private static void assertProblem(Api.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(problemFault(reply)).as(reply.body()).isNull();
    }

    /** What is wrong with a 4xx answer as an RFC 9457 problem, or null. */
    private static String problemFault(Api.Reply reply) {
        return fault(reply.status(), reply.contentType(), reply.body(), false);
    }
}
