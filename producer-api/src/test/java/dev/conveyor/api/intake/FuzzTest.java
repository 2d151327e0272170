package dev.conveyor.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.api.Api;
import dev.conveyor.api.ApiTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** No input is a server error: mangled bodies for every endpoint that reads one answer 4xx (or 2xx). */
class FuzzTest extends ApiTest {

    private static final String VALID_JOB = """
            {"task_type":"code_analysis","model":"gpt-4.1-mini","max_tokens":200,"temperature":0.5,
             "metadata":{"k":"v"},"messages":[{"role":"user","content":"Review class Cart"}]}""";
    private static final String VALID_LINE = """
            {"custom_id":"c1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-mini",\
            "messages":[{"role":"user","content":"hi"}],"max_tokens":100,"metadata":{"task_type":"documentation"}}}""";
    private static final String VALID_TEMPLATE = """
            {"id":"t1","messages":[{"role":"user","content":"Review {{file}}"}],
             "model_overrides":{"gpt-4.1":{"messages":[{"role":"user","content":"Check {{file}}"}]}}}""";
    private static final List<String> ODD_VALUES = List.of(
            "null",
            "true",
            "-1",
            "0",
            "1e400",
            "-1e400",
            "99999999999999999999999",
            "1.5",
            "\"\"",
            "\"x\"",
            "[]",
            "[null]",
            "{}",
            "{\"a\":[]}",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\"" + "y".repeat(5000) + "\"");

    @Test
    void mangledBodiesNeverYieldA5xx() {
        Tenant tenant = newTenant();
        Random random = new Random(20261124);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            check(failures, "/v1/jobs", "application/json", mutate(VALID_JOB, random), tenant.key());
            check(failures, "/v1/batches", "application/jsonl", mutate(VALID_LINE, random), tenant.key());
            check(failures, "/v1/batches", "application/json", "[" + mutate(VALID_JOB, random) + "]", tenant.key());
            check(failures, "/v1/templates", "application/json", mutate(VALID_TEMPLATE, random), tenant.key());
        }
        for (String body : List.of(
                "",
                "null",
                "[]",
                "{}",
                "\"x\"",
                "[[[[[[[[[[",
                "{".repeat(2000),
                "\u0000",
                "\n\n\n",
                "[1]\n[2]",
                "{\"custom_id\":\"a\",\"body\":null}")) {
            for (String type : List.of("application/json", "application/jsonl", "application/x-ndjson")) {
                check(failures, "/v1/jobs", type, body, tenant.key());
                check(failures, "/v1/batches", type, body, tenant.key());
            }
            check(failures, "/v1/templates", "application/json", body, tenant.key());
            check(failures, "/v1/admin/tenants", "application/json", body, ADMIN_KEY);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void oddPathsAndParametersNeverYieldA5xx() {
        Tenant tenant = newTenant();
        List<String> failures = new ArrayList<>();
        for (String path : List.of(
                "/v1/jobs/%00",
                "/v1/jobs/" + "z".repeat(3000),
                "/v1/batches/none/results",
                "/v1/batches?limit=abc",
                "/v1/batches?limit=100000",
                "/v1/templates/x/versions/abc",
                "/v1/templates/x/versions/-1",
                "/v1/usage?from=yesterday",
                "/v1/nowhere")) {
            Api.Reply reply = api.get(path, tenant.key());
            if (reply.status() >= 500) {
                failures.add("GET " + path + " -> " + reply.status() + " " + reply.body());
            }
        }
        assertThat(failures).isEmpty();
    }

    private void check(List<String> failures, String path, String type, String body, String key) {
        Api.Reply reply = api.call("POST", path)
                .key(key)
                .body(type, body.getBytes(StandardCharsets.UTF_8))
                .send();
        if (reply.status() >= 500) {
            failures.add(path + " " + type + " " + abbreviate(body) + " -> " + reply.status() + " " + reply.body());
        }
    }

    private static String mutate(String valid, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length()));
            case 1 -> flip(valid, random);
            case 2 -> replaceValue(valid, random);
            case 3 -> valid.replace("\"", random.nextBoolean() ? "'" : "");
            default -> replaceValue(flip(valid, random), random);
        };
    }

    private static String flip(String s, Random random) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < 3; i++) {
            chars[random.nextInt(chars.length)] = (char) (random.nextInt(0x2FFF));
        }
        return new String(chars);
    }

    /** Replaces the value after some {@code ":"} with an odd one. */
    private static String replaceValue(String s, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int i = s.indexOf("\":"); i >= 0; i = s.indexOf("\":", i + 1)) {
            colons.add(i + 2);
        }
        if (colons.isEmpty()) {
            return s;
        }
        int at = colons.get(random.nextInt(colons.size()));
        int end = at;
        int depth = 0;
        boolean inString = false;
        for (; end < s.length(); end++) {
            char c = s.charAt(end);
            if (c == '"' && s.charAt(end - 1) != '\\') inString = !inString;
            if (inString) continue;
            if (c == '{' || c == '[') depth++;
            if (c == '}' || c == ']') {
                if (depth == 0) break;
                depth--;
            }
            if (c == ',' && depth == 0) break;
        }
        return s.substring(0, at) + ODD_VALUES.get(random.nextInt(ODD_VALUES.size())) + s.substring(end);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
