package dev.conveyor.api.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import dev.conveyor.schemas.CompletionRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TemplateTest extends ApiTest {

    private static final String REVIEW = """
            {"id":"review","description":"code review",
             "system_prompt":"You review {{language}} code.",
             "messages":[{"role":"user","content":"Review {{file}} for {{focus}}:\\n{{code}}"}],
             "model_overrides":{"claude-haiku-4.5":{"messages":[
                 {"role":"user","content":"<file name=\\"{{file}}\\">{{code}}</file> Review it for {{focus}}."}]}}}
            """;

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
    }

    @Test
    void aTemplateIsCreatedVersionedAndListed() {
        Api.Reply created = api.post("/v1/templates", tenant.key(), REVIEW);
        Api.Reply v2 = api.post("/v1/templates/review/versions", tenant.key(), """
                {"messages":[{"role":"user","content":"Review {{file}}: {{code}}"}]}
                """);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(created.json().path("variables"))
                .extracting(JsonNode::asString)
                .containsExactly("code", "file", "focus", "language");
        assertThat(v2.status()).isEqualTo(201);
        assertThat(v2.json().path("version").asInt()).isEqualTo(2);
        assertThat(api.get("/v1/templates", tenant.key()).json().path("data"))
                .singleElement()
                .satisfies(t -> assertThat(t.path("version").asInt()).isEqualTo(2));
        assertThat(api.get("/v1/templates/review/versions", tenant.key()).json().path("data"))
                .extracting(t -> t.path("version").asInt())
                .containsExactly(1, 2);
        assertThat(api.get("/v1/templates/review/versions/1", tenant.key())
                        .json()
                        .path("description")
                        .asString())
                .isEqualTo("code review");
        assertThat(api.post("/v1/templates", tenant.key(), REVIEW).status()).isEqualTo(409);
        assertThat(api.post("/v1/templates/nothing/versions", tenant.key(), REVIEW)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aJobRendersItsTemplateAtSubmit() {
        api.post("/v1/templates", tenant.key(), REVIEW);

        CompletionRequest job = submitted("""
                {"template_id":"review","variables":{"language":"Java","file":"Cart.java","focus":"bugs",
                 "code":"class Cart {{}}"}}
                """);

        assertThat(job.getSystemPrompt()).isEqualTo("You review Java code.");
        assertThat(job.getMessages())
                .singleElement()
                .satisfies(m -> assertThat(m.getContent()).isEqualTo("Review Cart.java for bugs:\nclass Cart {{}}"));
    }

    @Test
    void aJobPinnedToAModelGetsThatModelsOverrideAndAPinnedVersionStaysPut() {
        api.post("/v1/templates", tenant.key(), REVIEW);
        api.post("/v1/templates/review/versions", tenant.key(), """
                {"messages":[{"role":"user","content":"v2 {{file}}"}]}""");

        CompletionRequest haiku = submitted("""
                {"template_id":"review","template_version":1,"model":"claude-haiku-4.5",
                 "variables":{"language":"Go","file":"main.go","focus":"races","code":"go f()"}}
                """);
        CompletionRequest latest = submitted("""
                {"template_id":"review","variables":{"file":"main.go"}}
                """);

        assertThat(haiku.getMessages().getFirst().getContent())
                .isEqualTo("<file name=\"main.go\">go f()</file> Review it for races.");
        assertThat(haiku.getModel()).isEqualTo("claude-haiku-4.5");
        assertThat(latest.getMessages().getFirst().getContent()).isEqualTo("v2 main.go");
    }

    @Test
    void aMissingOrUnknownVariableIsA400NamingIt() {
        api.post("/v1/templates", tenant.key(), REVIEW);

        Api.Reply missing = api.post("/v1/jobs", tenant.key(), """
                {"template_id":"review","variables":{"language":"Java","file":"Cart.java","focus":"bugs"}}
                """);
        Api.Reply unknown = api.post("/v1/jobs", tenant.key(), """
                {"template_id":"review","variables":{"language":"Java","file":"A","focus":"b","code":"c","tone":"x"}}
                """);
        Api.Reply noTemplate = api.post("/v1/jobs", tenant.key(), """
                {"template_id":"nope","variables":{}}
                """);
        Api.Reply noVersion = api.post("/v1/jobs", tenant.key(), """
                {"template_id":"review","template_version":9,"variables":{}}
                """);
        Api.Reply both = api.post("/v1/jobs", tenant.key(), """
                {"template_id":"review","messages":[{"role":"user","content":"hi"}]}
                """);

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("field").asString()).isEqualTo("/variables/code");
        assertThat(unknown.json().path("field").asString()).isEqualTo("/variables/tone");
        assertThat(noTemplate.json().path("field").asString()).isEqualTo("/template_id");
        assertThat(noVersion.json().path("field").asString()).isEqualTo("/template_version");
        assertThat(both.json().path("field").asString()).isEqualTo("/messages");
    }

    @Test
    void aBadTemplateIsA400NamingTheField() {
        assertThat(field("""
                {"id":"t","messages":[{"role":"user","content":"Review {{file"}]}""")).isEqualTo("/messages/0/content");
        assertThat(field("""
                {"id":"t","messages":[{"role":"user","content":"Review {{not a name}}"}]}""")).isEqualTo("/messages/0/content");
        assertThat(field("""
                {"id":"t","messages":[]}""")).isEqualTo("/messages");
        assertThat(field("""
                {"id":"bad id","messages":[{"role":"user","content":"x"}]}""")).isEqualTo("/id");
        assertThat(field("""
                {"id":"t","messages":[{"role":"user","content":"x"}],
                 "model_overrides":{"gpt-9":{"messages":[{"role":"user","content":"y"}]}}}""")).isEqualTo("/model_overrides/gpt-9");
    }

    @Test
    void templatesAreEachTenantsOwn() {
        Tenant other = newTenant();
        api.post("/v1/templates", tenant.key(), REVIEW);

        assertThat(api.get("/v1/templates/review", other.key()).status()).isEqualTo(404);
        assertThat(api.get("/v1/templates", other.key()).json().path("data")).isEmpty();
        Api.Reply job = api.post("/v1/jobs", other.key(), """
                {"template_id":"review","variables":{"language":"Java","file":"A","focus":"b","code":"c"}}
                """);
        assertThat(job.json().path("field").asString()).isEqualTo("/template_id");
    }

    @Test
    void aBatchLineMayUseATemplate() {
        api.post("/v1/templates", tenant.key(), REVIEW);
        String line = """
                {"custom_id":"t1","method":"POST","url":"/v1/chat/completions","body":{"template_id":"review",\
                "variables":{"language":"Java","file":"A.java","focus":"bugs","code":"class A {}"}}}""";

        Api.Reply reply = api.call("POST", "/v1/batches")
                .key(tenant.key())
                .body("application/jsonl", line)
                .send();

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String batchId = reply.json().path("id").asString();
        assertThat(produced(j -> batchId.equals(j.getBatchId())))
                .singleElement()
                .satisfies(j -> assertThat(j.getMessages().getFirst().getContent())
                        .isEqualTo("Review A.java for bugs:\nclass A {}"));
    }

    private CompletionRequest submitted(String body) {
        Api.Reply reply = api.post("/v1/jobs", tenant.key(), body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String jobId = reply.json().path("job_id").asString();
        return produced(j -> j.getJobId().equals(jobId)).getFirst();
    }

    private String field(String template) {
        Api.Reply reply = api.post("/v1/templates", tenant.key(), template);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        return reply.json().path("field").asString();
    }
}
