package dev.conveyor.billing.api;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parses and checks HTTP inputs, failing with an {@link InvalidInputException} naming the field. */
public final class Inputs {

    /** Any 1 to 200 characters except whitespace and control characters. */
    private static final Pattern TENANT = Pattern.compile("[^\\s\\p{Cntrl}]{1,200}");

    private Inputs() {}

    public static String tenant(String value, String field) {
        if (value == null || !TENANT.matcher(value).matches()) {
            throw new InvalidInputException(
                    field, field + " should be 1 to 200 characters without spaces or control characters");
        }
        return value;
    }

    /** {@code null} when absent. */
    public static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) { // ISO-8601 also reads +99999-11-01
                throw new DateTimeParseException("not yyyy-MM-dd", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " should be an ISO date (yyyy-MM-dd), got '" + value + "'");
        }
    }

    public static YearMonth month(String value, String field) {
        try {
            if (!value.matches("\\d{4}-\\d{2}")) { // ISO-8601 also reads +99999-11
                throw new DateTimeParseException("not yyyy-MM", value, 0);
            }
            return YearMonth.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException(field, field + " should be a month as yyyy-MM, got '" + value + "'");
        }
    }
}
