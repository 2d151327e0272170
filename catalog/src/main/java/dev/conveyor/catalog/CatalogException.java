package dev.conveyor.catalog;

/** The catalog (or an operator's override of it) is invalid; the message names the key. */
public class CatalogException extends RuntimeException {

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
