package dev.conveyor.catalog;

import dev.conveyor.schemas.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model's list prices in US dollars per million tokens of each kind, from the day they took
 * effect. A kind without a price of its own costs what the provider charges in its place: cached
 * input and cache writes the input price, 1-hour cache writes the 5-minute price, batch tokens
 * their synchronous price.
 */
public record Prices(LocalDate effective, Map<TokenKind, BigDecimal> perMillion) {

    public Prices {
        if (effective == null) {
            throw new IllegalArgumentException("effective date is required");
        }
        perMillion = Map.copyOf(new EnumMap<>(perMillion));
        if (!perMillion.containsKey(TokenKind.INPUT) || !perMillion.containsKey(TokenKind.OUTPUT)) {
            throw new IllegalArgumentException("input and output prices are required");
        }
        perMillion.forEach((kind, price) -> {
            if (price.signum() < 0) {
                throw new IllegalArgumentException(kind.key() + " should be 0 or more, was " + price);
            }
        });
    }

    /** The price the provider publishes for this kind, if it publishes one. */
    public Optional<BigDecimal> listed(TokenKind kind) {
        return Optional.ofNullable(perMillion.get(kind));
    }

    /** The price a token of this kind is charged at. */
    public BigDecimal price(TokenKind kind) {
        BigDecimal own = perMillion.get(kind);
        if (own != null) {
            return own;
        }
        return switch (kind) {
            case CACHED_INPUT, CACHE_WRITE, BATCH_INPUT -> price(TokenKind.INPUT);
            case CACHE_WRITE_1H -> price(TokenKind.CACHE_WRITE);
            case BATCH_OUTPUT -> price(TokenKind.OUTPUT);
            case INPUT, OUTPUT -> throw new IllegalStateException("unreachable: checked in the constructor");
        };
    }

    /**
     * The one cost function: each kind of token at its own price, each rounded half-even to a
     * nano-dollar ({@link Money#forTokens}), then summed.
     */
    public BigDecimal cost(Tokens tokens) {
        TokenKind input = tokens.batch() ? TokenKind.BATCH_INPUT : TokenKind.INPUT;
        TokenKind output = tokens.batch() ? TokenKind.BATCH_OUTPUT : TokenKind.OUTPUT;
        return Money.forTokens(tokens.uncachedInput(), price(input))
                .add(Money.forTokens(tokens.cachedInput(), price(TokenKind.CACHED_INPUT)))
                .add(Money.forTokens(tokens.cacheWrite(), price(TokenKind.CACHE_WRITE)))
                .add(Money.forTokens(tokens.cacheWrite1h(), price(TokenKind.CACHE_WRITE_1H)))
                .add(Money.forTokens(tokens.output(), price(output)));
    }
}
