package dev.conveyor.sim.batch;

/** One request of a batch: the caller's id for it and the body of the call it stands for. */
public record BatchRequest(String customId, byte[] body) {}
