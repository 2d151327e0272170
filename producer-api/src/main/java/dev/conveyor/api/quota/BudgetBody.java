package dev.conveyor.api.quota;

import dev.conveyor.api.errors.InvalidRequest;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PUT /v1/admin/tenants/{id}/budget}, checked strictly before billing sees it:
 * no unknown field, {@code monthly_budget_usd} a non-negative decimal (a JSON number or a decimal
 * string, read exactly), {@code monthly_token_quota} a non-negative whole number (2.9 is not 2),
 * {@code thresholds} whole percentages from 1 to 1000 (billing checks the rest), {@code policy} one of
 * {@code reject}, {@code downgrade}, {@code hold}. A missing or null field means no limit (and policy
 * {@code reject}).
 */
final class BudgetBody {

    private static final Set<String> FIELDS =
            Set.of("monthly_budget_usd", "monthly_token_quota", "thresholds", "policy");

    /** What the router does with a call that would not fit (billing's {@code BudgetPolicy}; README, "Budgets"). */
    private static final Set<String> POLICIES = Set.of("reject", "downgrade", "hold");

    private BudgetBody() {}

    static void check(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequest("/", "the budget should be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new InvalidRequest(
                        "/" + dev.conveyor.api.config.JsonPointers.escape(field.getKey()), "unknown field");
            }
        }
        checkUsd(body.get("monthly_budget_usd"));
        JsonNode policy = body.get("policy");
        if (policy != null && !policy.isNull() && !(policy.isString() && POLICIES.contains(policy.asString()))) {
            throw new InvalidRequest("/policy", "policy should be one of reject, downgrade, hold");
        }
        JsonNode quota = body.get("monthly_token_quota");
        if (quota != null
                && !quota.isNull()
                && !(quota.isIntegralNumber() && quota.canConvertToLong() && quota.asLong() >= 0)) {
            throw new InvalidRequest("/monthly_token_quota", "monthly_token_quota should be a whole number, 0 or more");
        }
        JsonNode thresholds = body.get("thresholds");
        if (thresholds != null && !thresholds.isNull()) {
            if (!thresholds.isArray()) {
                throw new InvalidRequest("/thresholds", "thresholds should be an array of whole percentages");
            }
            for (int i = 0; i < thresholds.size(); i++) {
                JsonNode t = thresholds.get(i);
                if (!(t.isIntegralNumber() && t.canConvertToInt() && t.asInt() >= 1 && t.asInt() <= 1000)) {
                    throw new InvalidRequest(
                            "/thresholds/" + i, "a threshold should be a whole percentage from 1 to 1000");
                }
            }
        }
    }

    /** The largest budget the ledger can hold (numeric(24, 9)). */
    private static final BigDecimal MAX_USD = new BigDecimal("1E15");

    private static void checkUsd(JsonNode usd) {
        if (usd == null || usd.isNull()) {
            return;
        }
        BigDecimal amount = null;
        if (usd.isNumber() || usd.isString()) {
            try {
                amount = usd.isNumber() ? usd.decimalValue() : new BigDecimal(usd.asString());
            } catch (NumberFormatException | ArithmeticException e) {
                amount = null;
            }
        }
        if (amount == null
                || amount.signum() < 0
                || amount.compareTo(MAX_USD) >= 0
                || amount.stripTrailingZeros().scale() > 9) {
            throw new InvalidRequest(
                    "/monthly_budget_usd",
                    "monthly_budget_usd should be a decimal amount from 0 to under 10^15 with at most 9 decimals");
        }
    }
}
