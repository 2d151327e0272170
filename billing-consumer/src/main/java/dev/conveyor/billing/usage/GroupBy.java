package dev.conveyor.billing.usage;

import dev.conveyor.billing.api.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How {@code GET /v1/usage} groups; each names the SQL expression of its group key (UTC). */
enum GroupBy {
    DAY("to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD')", false),
    WEEK("to_char(event_time AT TIME ZONE 'UTC', 'IYYY-\"W\"IW')", false),
    MONTH("usage_month", true),
    MODEL("model", true),
    PROVIDER("provider", true),
    TASK_TYPE("task_type", true);

    final String keyExpression;
    /** Whether the monthly aggregates hold this key (same column name there). */
    final boolean inMonthlyAggregates;

    GroupBy(String keyExpression, boolean inMonthlyAggregates) {
        this.keyExpression = keyExpression;
        this.inMonthlyAggregates = inMonthlyAggregates;
    }

    String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code null} when absent. */
    static GroupBy parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (GroupBy groupBy : values()) {
            if (groupBy.parameterValue().equals(value.toLowerCase(Locale.ROOT))) {
                return groupBy;
            }
        }
        throw new InvalidInputException(
                "group_by",
                "group_by should be one of "
                        + Arrays.stream(values()).map(GroupBy::parameterValue).collect(Collectors.joining(", "))
                        + ", got '" + value + "'");
    }
}
