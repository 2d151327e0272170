package dev.conveyor.api.errors;

/** The request clashes with what exists (a taken id); retrying it unchanged fails again. */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
