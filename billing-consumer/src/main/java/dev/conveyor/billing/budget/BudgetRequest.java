package dev.conveyor.billing.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conveyor.billing.api.InvalidInputException;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Body of {@code PUT /v1/tenants/{id}/budget}. Every field is optional: a missing budget or
 * quota means no limit, missing thresholds mean the configured defaults, a missing policy means
 * {@code reject} (see {@link BudgetPolicy}). The budget may be a
 * JSON number or a decimal string; it is read exactly.
 */
record BudgetRequest(
        @JsonProperty("monthly_budget_usd") BigDecimal monthlyBudgetUsd,
        @JsonProperty("monthly_token_quota") Long monthlyTokenQuota,
        @JsonProperty("thresholds") List<Integer> thresholds,
        @JsonProperty("policy") String policy) {

    /** A decimal string as {@link BigDecimal#BigDecimal(String)} reads it, without the blanks Jackson would trim. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /**
     * Read strictly: an unknown field is refused, and no value changes type on the way in (1.5 is not
     * the whole number 1, "300" not a number, 123 not a policy, a blank string not a missing value);
     * only the budget takes a decimal string, as documented.
     */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setAcceptBlankAsEmpty(false))
            .withCoercionConfig(
                    LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(
                    BigDecimal.class, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
            .build();

    /** The body, or an {@link InvalidInputException} naming the field at fault as a JSON pointer. */
    static BudgetRequest read(String body) {
        try {
            JsonNode tree = STRICT.readTree(body == null ? "" : body);
            if (tree == null || !tree.isObject()) {
                throw new InvalidInputException("/", "the budget should be a JSON object");
            }
            JsonNode usd = tree.get("monthly_budget_usd");
            if (usd != null
                    && usd.isString()
                    && !DECIMAL.matcher(usd.asString()).matches()) {
                throw new InvalidInputException(
                        "/monthly_budget_usd", "monthly_budget_usd should be a decimal number such as 100.00");
            }
            return STRICT.treeToValue(tree, BudgetRequest.class);
        } catch (JacksonException e) {
            throw new InvalidInputException(
                    pointer(e), "the budget is not valid JSON at " + pointer(e) + ": " + what(e));
        }
    }

    /** Where Jackson stopped reading, as a JSON pointer ({@code /} before any field). */
    private static String pointer(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            pointer.append('/');
            if (ref.getPropertyName() != null) {
                pointer.append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    /** What is wrong, in JSON's terms: never a Java type name. */
    private static String what(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (e instanceof StreamReadException) {
            return "malformed JSON";
        }
        return "wrong JSON type (numbers, strings, arrays and objects are never converted into one another)";
    }
}
