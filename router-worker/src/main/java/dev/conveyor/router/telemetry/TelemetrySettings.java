package dev.conveyor.router.telemetry;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code conveyor.router.telemetry}: which consumer groups' lag this worker reports and how often.
 *
 * @param lagGroups consumer groups whose lag {@link ConsumerLag} reads; empty turns it off
 * @param lagInterval how often it reads them
 */
@ConfigurationProperties("conveyor.router.telemetry")
public record TelemetrySettings(
        @DefaultValue({"conveyor-router", "conveyor-billing", "conveyor-api"})
        List<String> lagGroups,

        @DefaultValue("15s") Duration lagInterval) {

    public TelemetrySettings {
        lagGroups = List.copyOf(lagGroups);
        if (!lagInterval.isPositive()) {
            throw new IllegalArgumentException(
                    "conveyor.router.telemetry.lag-interval should be a positive duration such as 15s");
        }
    }
}
