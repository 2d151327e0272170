package dev.conveyor.api.templates;

import java.util.List;

/** A template with its variables filled in, ready to be a job's messages. */
public record RenderedPrompt(List<Turn> messages, String systemPrompt) {}
