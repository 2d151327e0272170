package dev.conveyor.billing.export;

import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Renders a statement as CSV or JSON; the same statement always renders to the same bytes. */
final class StatementFormats {

    static final List<String> CSV_COLUMNS = List.of(
            "tenant",
            "billed_month",
            "line_type",
            "usage_month",
            "provider",
            "model",
            "task_type",
            "requests",
            "input_tokens",
            "cached_input_tokens",
            "cache_write_tokens",
            "output_tokens",
            "effective_usd_per_1m_tokens",
            "amount_usd",
            "batch_savings_usd");

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StatementFormats() {}

    static byte[] json(MonthlyStatement statement) {
        return (JSON.writeValueAsString(statement) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One row per line, then a {@code total} row; amounts are exact decimal strings. */
    static byte[] csv(MonthlyStatement statement) {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (StatementLine line : statement.lines()) {
            row(
                    csv,
                    statement,
                    line.type(),
                    line.usageMonth(),
                    line.provider(),
                    line.model(),
                    line.taskType(),
                    line.requests(),
                    line.inputTokens(),
                    line.cachedInputTokens(),
                    line.cacheWriteTokens(),
                    line.outputTokens(),
                    line.effectiveUsdPerMillionTokens(),
                    line.amountUsd(),
                    line.batchSavingsUsd());
        }
        MonthlyStatement.Totals totals = statement.totals();
        row(
                csv,
                statement,
                "total",
                "",
                "",
                "",
                "",
                totals.requests(),
                totals.inputTokens(),
                totals.cachedInputTokens(),
                totals.cacheWriteTokens(),
                totals.outputTokens(),
                "",
                totals.amountUsd(),
                totals.batchSavingsUsd());
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder csv, MonthlyStatement statement, Object... values) {
        csv.append(field(statement.tenant())).append(',').append(field(statement.month()));
        for (Object value : values) {
            csv.append(',').append(field(String.valueOf(value)));
        }
        csv.append('\n');
    }

    /** RFC 4180 quoting. */
    private static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
