package dev.conveyor.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad job is a 400 problem naming its field; nothing is produced. */
class ValidationTest extends ApiTest {

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
    }

    static Stream<Arguments> badJobs() {
        String user = "\"messages\":[{\"role\":\"user\",\"content\":\"Review Cart\"}]";
        return Stream.of(
                Arguments.of("no messages", "{\"messages\":[]}", "/messages"),
                Arguments.of("messages missing", "{\"task_type\":\"code_analysis\"}", "/messages"),
                Arguments.of(
                        "empty prompt",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}",
                        "/messages/0/content"),
                Arguments.of(
                        "oversized prompt",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(200_001) + "\"}]}",
                        "/messages"),
                Arguments.of(
                        "bad role", "{\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}", "/messages/0/role"),
                Arguments.of("null message", "{\"messages\":[null]}", "/messages/0"),
                Arguments.of("max_tokens zero", "{\"max_tokens\":0," + user + "}", "/max_tokens"),
                Arguments.of(
                        "max_tokens over the pinned model's limit",
                        "{\"model\":\"gpt-4o-mini\",\"max_tokens\":16385," + user + "}",
                        "/max_tokens"),
                Arguments.of(
                        "max_tokens over every model of the pinned provider",
                        "{\"provider\":\"anthropic\",\"max_tokens\":128001," + user + "}",
                        "/max_tokens"),
                Arguments.of("max_tokens over every model", "{\"max_tokens\":128001," + user + "}", "/max_tokens"),
                Arguments.of("max_tokens not a number", "{\"max_tokens\":\"lots\"," + user + "}", "/max_tokens"),
                Arguments.of("temperature above 2", "{\"temperature\":2.01," + user + "}", "/temperature"),
                Arguments.of("temperature below 0", "{\"temperature\":-0.5," + user + "}", "/temperature"),
                Arguments.of("unknown task type", "{\"task_type\":\"poetry\"," + user + "}", "/task_type"),
                Arguments.of("unknown model", "{\"model\":\"gpt-9\"," + user + "}", "/model"),
                Arguments.of("model retired by its provider", "{\"model\":\"o4-mini\"," + user + "}", "/model"),
                Arguments.of("unknown chain", "{\"metadata\":{\"chain\":\"FASTEST\"}," + user + "}", "/metadata/chain"),
                Arguments.of("unknown provider", "{\"provider\":\"acme-ai\"," + user + "}", "/provider"),
                Arguments.of(
                        "model of another provider",
                        "{\"model\":\"gpt-4.1\",\"provider\":\"anthropic\"," + user + "}",
                        "/model"),
                Arguments.of("bad job id", "{\"job_id\":\"has space\"," + user + "}", "/job_id"),
                Arguments.of("deferrable a string", "{\"deferrable\":\"true\"," + user + "}", "/deferrable"),
                Arguments.of("deferrable a number", "{\"deferrable\":1," + user + "}", "/deferrable"),
                Arguments.of("deferrable a fraction", "{\"deferrable\":0.5," + user + "}", "/deferrable"),
                Arguments.of("deferrable an object", "{\"deferrable\":{}," + user + "}", "/deferrable"),
                Arguments.of("deferrable an array", "{\"deferrable\":[true]," + user + "}", "/deferrable"),
                Arguments.of("metadata not strings", "{\"metadata\":{\"a\":{\"b\":1}}," + user + "}", "/metadata/a"),
                Arguments.of(
                        "variables without template", "{\"variables\":{\"a\":\"b\"}," + user + "}", "/template_id"),
                Arguments.of("malformed JSON", "{\"messages\": [", "/messages"),
                Arguments.of("malformed JSON at the start", "{oops", "/"),
                Arguments.of(
                        "lone surrogate",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800b\"}]}",
                        "/messages/0/content"),
                Arguments.of("not an object", "[1,2,3]", "/"),
                Arguments.of("empty body", "", "/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJobs")
    void aBadJobIsA400ProblemNamingTheField(String what, String body, String field) {
        Api.Reply reply = api.post("/v1/jobs", tenant.key(), body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("field").asString()).isEqualTo(field);
        assertThat(reply.json().path("detail").asString()).isNotBlank();
    }

    @Test
    void nothingIsProducedForARejectedJob() {
        String marker = "rejected-" + tenant.id();
        api.post("/v1/jobs", tenant.key(), """
                {"temperature":9,"messages":[{"role":"user","content":"%s"}]}
                """.formatted(marker));

        assertThat(produced(j -> j.getTenantId().equals(tenant.id()))).isEmpty();
    }

    @Test
    void aPinnedModelAtItsExactLimitIsAccepted() {
        Api.Reply reply = api.post("/v1/jobs", tenant.key(), """
                {"model":"gpt-4o-mini","provider":"openai","max_tokens":16384,"temperature":2,
                 "messages":[{"role":"user","content":"hi"}]}
                """);

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void anUnsupportedMediaTypeOrMethodIsAProblemNotAnError() {
        Api.Reply text = api.call("POST", "/v1/jobs")
                .key(tenant.key())
                .body("text/plain", "hi")
                .send();
        Api.Reply method =
                api.call("PUT", "/v1/jobs").key(tenant.key()).json("{}").send();

        assertThat(text.status()).isEqualTo(415);
        assertThat(method.status()).isEqualTo(405);
        assertThat(text.contentType()).startsWith("application/problem+json");
    }
}
