package dev.conveyor.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import dev.conveyor.schemas.CompletionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Single jobs go on the interactive lane and batches on bulk unless they say otherwise; deadlines ride along. */
class LaneAndDeadlineTest extends ApiTest {

    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"Review Cart\"}]";

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
    }

    @Test
    void aSingleJobGoesOnTheInteractiveLaneUnlessItsPriorityNamesAnother() {
        String interactive = submit("{" + USER + "}");
        String bulk = submit("{\"priority\":\"bulk\"," + USER + "}");

        assertThat(producedOn(INTERACTIVE, j -> j.getJobId().equals(interactive)))
                .hasSize(1);
        assertThat(producedOn(REQUESTS, j -> j.getJobId().equals(bulk))).hasSize(1);
        assertThat(producedOn(REQUESTS, j -> j.getJobId().equals(interactive))).isEmpty();
    }

    @Test
    void aBatchGoesOnTheBulkLaneUnlessTheBatchOrALineNamesAnother() {
        String jsonl = String.join(
                "\n",
                "{\"custom_id\":\"a\",\"body\":{" + USER + "}}",
                "{\"custom_id\":\"b\",\"body\":{\"priority\":\"interactive\"," + USER + "}}");
        String plain = batch("/v1/batches", jsonl);
        String urgent = batch("/v1/batches?priority=interactive", "{\"custom_id\":\"c\",\"body\":{" + USER + "}}");

        assertThat(producedOn(REQUESTS, j -> plain.equals(j.getBatchId())))
                .extracting(CompletionRequest::getJobId)
                .containsExactly(plain + "-1");
        assertThat(producedOn(INTERACTIVE, j -> plain.equals(j.getBatchId())))
                .extracting(CompletionRequest::getJobId)
                .containsExactly(plain + "-2");
        assertThat(producedOn(INTERACTIVE, j -> urgent.equals(j.getBatchId()))).hasSize(1);
    }

    @Test
    void aDeadlineOrACompletionWindowBecomesTheJobsDeadline() {
        Instant deadline = Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant before = Instant.now();
        String absolute = submit("{\"deadline\":\"" + deadline + "\"," + USER + "}");
        String window = submit("{\"completion_window\":\"2h\"," + USER + "}");
        String none = submit("{" + USER + "}");

        assertThat(only(absolute).getDeadline()).isEqualTo(deadline);
        assertThat(only(window).getDeadline())
                .isBetween(before.plus(Duration.ofHours(2)), Instant.now().plus(Duration.ofHours(2)));
        assertThat(only(none).getDeadline()).isNull();
    }

    @Test
    void aBatchsCompletionWindowGivesEachLineItsDeadline() {
        String batchId = batch("/v1/batches?completion_window=24h", "{\"custom_id\":\"a\",\"body\":{" + USER + "}}");

        assertThat(produced(j -> batchId.equals(j.getBatchId())))
                .singleElement()
                .satisfies(
                        j -> assertThat(j.getDeadline()).isAfter(Instant.now().plus(Duration.ofHours(23))));
    }

    @Test
    void aJobIsDeferrableOnlyWhenItSaysSo() {
        String deferrable = submit("{\"deferrable\":true," + USER + "}");
        String notDeferrable = submit("{\"deferrable\":false," + USER + "}");
        String unsaid = submit("{\"completion_window\":\"48h\"," + USER + "}");

        assertThat(only(deferrable).getDeferrable()).isTrue();
        assertThat(only(notDeferrable).getDeferrable()).isFalse();
        assertThat(only(unsaid).getDeferrable())
                .as("a single job's own long window leaves deferral to the router")
                .isFalse();
    }

    @Test
    void aBatchWithADayLongWindowMakesItsJobsWithoutADeadlineOfTheirOwnDeferrable() {
        String jsonl = String.join(
                "\n",
                "{\"custom_id\":\"a\",\"body\":{" + USER + "}}",
                "{\"custom_id\":\"b\",\"body\":{\"completion_window\":\"2h\"," + USER + "}}",
                "{\"custom_id\":\"c\",\"body\":{\"deadline\":\"" + Instant.now().plus(Duration.ofDays(3)) + "\"," + USER
                        + "}}",
                "{\"custom_id\":\"d\",\"body\":{\"deferrable\":false," + USER + "}}",
                "{\"custom_id\":\"e\",\"body\":{\"metadata\":{\"task_type\":\"code_analysis\"}," + USER + "}}");
        String day = batch("/v1/batches?completion_window=24h", jsonl);
        String twoDays = batch("/v1/batches?completion_window=P2D", "{\"custom_id\":\"a\",\"body\":{" + USER + "}}");
        String hours = batch("/v1/batches?completion_window=23h", "{\"custom_id\":\"a\",\"body\":{" + USER + "}}");
        String none = batch(
                "/v1/batches",
                String.join(
                        "\n",
                        "{\"custom_id\":\"a\",\"body\":{" + USER + "}}",
                        "{\"custom_id\":\"b\",\"body\":{\"deferrable\":true," + USER + "}}"));

        assertThat(produced(j -> day.equals(j.getBatchId())).stream()
                        .sorted(java.util.Comparator.comparing(CompletionRequest::getJobId))
                        .map(j -> j.getMetadata().get("custom_id") + "=" + j.getDeferrable())
                        .toList())
                .containsExactly("a=true", "b=false", "c=false", "d=false", "e=true");
        assertThat(only(twoDays + "-1").getDeferrable()).isTrue();
        assertThat(only(hours + "-1").getDeferrable()).isFalse();
        assertThat(only(none + "-1").getDeferrable()).isFalse();
        assertThat(only(none + "-2").getDeferrable()).isTrue();
    }

    @Test
    void aBatchLineWhoseDeferrableIsNotABooleanRejectsTheBatchNamingTheLineAndField() {
        Api.Reply reply = api.call("POST", "/v1/batches?completion_window=24h")
                .key(tenant.key())
                .body("application/jsonl", "{\"custom_id\":\"a\",\"body\":{\"deferrable\":\"yes\"," + USER + "}}")
                .send();

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("line").asInt()).isEqualTo(1);
        assertThat(reply.json().path("field").asString()).isEqualTo("/body/deferrable");
        assertThat(produced(j -> j.getTenantId().equals(tenant.id()))).isEmpty();
    }

    static Stream<Arguments> badSchedules() {
        return Stream.of(
                Arguments.of("{\"priority\":\"urgent\"," + USER + "}", "/priority"),
                Arguments.of("{\"deadline\":\"2020-01-01T00:00:00Z\"," + USER + "}", "/deadline"),
                Arguments.of("{\"deadline\":\"tomorrow\"," + USER + "}", "/deadline"),
                Arguments.of("{\"completion_window\":\"soon\"," + USER + "}", "/completion_window"),
                Arguments.of("{\"completion_window\":\"0s\"," + USER + "}", "/completion_window"),
                Arguments.of("{\"completion_window\":\"90d\"," + USER + "}", "/completion_window"),
                Arguments.of(
                        "{\"deadline\":\"2030-01-01T00:00:00Z\",\"completion_window\":\"1h\"," + USER + "}",
                        "/completion_window"));
    }

    @ParameterizedTest
    @MethodSource("badSchedules")
    void aBadLaneOrDeadlineIs400NamingTheFieldAndNothingIsProduced(String body, String field) {
        Api.Reply reply = api.post("/v1/jobs", tenant.key(), body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("field").asString()).isEqualTo(field);
        assertThat(produced(j -> j.getTenantId().equals(tenant.id()))).isEmpty();
    }

    @Test
    void aBatchLineWithAPastDeadlineRejectsTheBatchNamingTheLineAndField() {
        String jsonl = String.join(
                "\n",
                "{\"custom_id\":\"a\",\"body\":{" + USER + "}}",
                "{\"custom_id\":\"b\",\"body\":{\"deadline\":\"2020-01-01T00:00:00Z\"," + USER + "}}");

        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", jsonl)
                .send();

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("line").asInt()).isEqualTo(2);
        assertThat(reply.json().path("field").asString()).isEqualTo("/body/deadline");
        assertThat(produced(j -> j.getTenantId().equals(tenant.id()))).isEmpty();
    }

    @Test
    void aBatchWithAnUnknownPriorityIs400NamingTheParameter() {
        Api.Reply reply = api.call("POST", "/v1/batches?priority=urgent")
                .key(tenant.key())
                .body("application/jsonl", "{\"custom_id\":\"a\",\"body\":{" + USER + "}}")
                .send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("field").asString()).isEqualTo("priority");
    }

    @Test
    void theAdminSetsATenantsSchedulingWeightFromOneToAThousand() {
        Api.Reply set = api.call("PATCH", "/v1/admin/tenants/" + tenant.id())
                .key(ADMIN_KEY)
                .json("{\"scheduling_weight\":3}")
                .send();
        Api.Reply zero = api.call("PATCH", "/v1/admin/tenants/" + tenant.id())
                .key(ADMIN_KEY)
                .json("{\"scheduling_weight\":0}")
                .send();

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("scheduling_weight").asInt()).isEqualTo(3);
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().path("field").asString()).isEqualTo("/scheduling_weight");
        assertThat(api.get("/v1/admin/tenants/" + tenant.id(), ADMIN_KEY)
                        .json()
                        .path("scheduling_weight")
                        .asInt())
                .isEqualTo(3);
    }

    private String submit(String body) {
        Api.Reply reply = api.post("/v1/jobs", tenant.key(), body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("job_id").asString();
    }

    private String batch(String path, String jsonl) {
        Api.Reply reply = api.call("POST", path)
                .key(tenant.key())
                .body("application/jsonl", jsonl)
                .send();
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("id").asString();
    }

    private static CompletionRequest only(String jobId) {
        List<CompletionRequest> jobs = produced(j -> j.getJobId().equals(jobId));
        assertThat(jobs).hasSize(1);
        return jobs.getFirst();
    }
}
