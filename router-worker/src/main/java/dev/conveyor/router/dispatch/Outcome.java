package dev.conveyor.router.dispatch;

import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.UsageEvent;
import java.util.List;

/** What finishing a job publishes: its one result and a usage event per billable provider call. */
record Outcome(CompletionResult result, List<UsageEvent> usage) {}
