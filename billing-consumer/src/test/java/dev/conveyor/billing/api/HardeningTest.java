package dev.conveyor.billing.api;

import static dev.conveyor.embedded.HostileInput.VALUES;
import static dev.conveyor.embedded.HostileInput.abbreviate;
import static dev.conveyor.embedded.HostileInput.fault;
import static dev.conveyor.embedded.HostileInput.mustRefuse;
import static dev.conveyor.embedded.HostileInput.pointer;
import static dev.conveyor.embedded.HostileInput.valueSpans;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.embedded.HostileInput;
import dev.conveyor.embedded.HostileInput.Reply;
import dev.conveyor.embedded.HostileInput.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a careless or hostile client can send billing's own port (issue 16): every answer is below
 * 500, every 4xx an RFC 9457 problem with {@code type}, {@code title}, {@code status} and, for a
 * body field, a JSON pointer {@code field}; no value of the budget is coerced or ignored.
 */
class HardeningTest extends BillingIntegrationTest {

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
            for (String hostile : VALUES) {
                String body = BUDGET.substring(0, span.start()) + hostile + BUDGET.substring(span.end());
                Reply reply = check(faults, "PUT", path, "application/json", body);
                String refuse =
                        mustRefuse(span.field(), BUDGET.substring(span.start(), span.end()), hostile, NUMBER_OR_STRING);
                if (refuse != null && !(reply.status() == 400 && pointer(reply.contentType(), reply.body()) != null)) {
                    faults.add("PUT " + abbreviate(body) + " -> " + reply.status() + ", but " + refuse
                            + " must be a 400 naming the field");
                }
            }
        }
        for (String member : List.of("monthly_budget_usd", "monthly_token_quota", "thresholds", "policy")) {
            String misspelt = BUDGET.replace("\"" + member + "\":", "\"" + member + "_typo\":");
            Reply typo = check(faults, "PUT", path, "application/json", misspelt);
            if (typo.status() != 400 || !("/" + member + "_typo").equals(pointer(typo.contentType(), typo.body()))) {
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
            Reply reply = HostileInput.send(
                    port,
                    request + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
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
        return HostileInput.send(
                port,
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: " + type
                        + "\r\nContent-Length: " + bytes.length + "\r\n\r\n",
                bytes);
    }
}
