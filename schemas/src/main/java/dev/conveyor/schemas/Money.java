package dev.conveyor.schemas;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * US dollars as exact decimals with nine fraction digits (nano-dollars), the scale of every
 * {@code costUsd} field. Prices per million tokens divide exactly into this scale for any
 * price quoted to three decimals.
 */
public final class Money {

    public static final int SCALE = 9;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private Money() {}

    /** {@code amount} at the schema's scale; refuses rounding rather than losing a digit. */
    public static BigDecimal usd(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public static BigDecimal usd(String amount) {
        return usd(new BigDecimal(amount));
    }

    /** Cost of {@code tokens} at {@code pricePerMillion} dollars, rounded half-even to a nano-dollar. */
    public static BigDecimal forTokens(long tokens, BigDecimal pricePerMillion) {
        return pricePerMillion.multiply(BigDecimal.valueOf(tokens)).divide(MILLION, SCALE, RoundingMode.HALF_EVEN);
    }
}
