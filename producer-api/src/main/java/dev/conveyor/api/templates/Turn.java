package dev.conveyor.api.templates;

/** One chat message of a template or of its rendering. */
public record Turn(String role, String content) {}
