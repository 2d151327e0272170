package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void pricesPerMillionTokensBecomeExactNanoDollars() {
        assertThat(Money.forTokens(1_234, new BigDecimal("0.15"))).isEqualByComparingTo("0.000185100");
        assertThat(Money.forTokens(1_000_000, new BigDecimal("2.00"))).isEqualByComparingTo("2.000000000");
        assertThat(Money.forTokens(7, new BigDecimal("25")).scale()).isEqualTo(Money.SCALE);
    }

    @Test
    void refusesToRoundAwayADigit() {
        assertThatThrownBy(() -> Money.usd("0.0000000001")).isInstanceOf(ArithmeticException.class);
    }
}
