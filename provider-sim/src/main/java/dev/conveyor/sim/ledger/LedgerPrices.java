package dev.conveyor.sim.ledger;

import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Tokens;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;

/** What a model's tokens cost, by the catalog's one cost function ({@code Prices.cost}). */
@FunctionalInterface
public interface LedgerPrices {

    /** The cost of these tokens of this model (its wire id), 0 when the catalog does not list it. */
    BigDecimal cost(String model, Tokens tokens);

    /** Nothing costs anything: for ledgers that only count tokens. */
    static LedgerPrices none() {
        return (model, tokens) -> BigDecimal.ZERO;
    }

    /** The catalog's list prices in effect on the clock's current day. */
    static LedgerPrices of(Catalog catalog, Clock clock) {
        return (model, tokens) -> catalog.findById(model)
                .map(m -> m.cost(tokens, LocalDate.now(clock)))
                .orElse(BigDecimal.ZERO);
    }
}
