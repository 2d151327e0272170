package dev.conveyor.sim.reports;

/** A JSON answer: status and body. */
public record ReportAnswer(int status, byte[] body) {}
