package dev.conveyor.billing.ledger;

/** What one batch did to the ledger: events received, newly recorded, and already known. */
public record AppendResult(int received, int inserted) {

    public int duplicates() {
        return received - inserted;
    }
}
