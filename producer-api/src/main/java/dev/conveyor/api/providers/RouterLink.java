package dev.conveyor.api.providers;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code conveyor.api.router}: where producer-api reads the providers, their models and circuits
 * (a router-worker's {@code /actuator/providers}).
 *
 * @param url a router-worker's base URL (env {@code ROUTER_URL})
 * @param timeout how long a read waits; a health check waits for the providers' answers as well
 */
@ConfigurationProperties("conveyor.api.router")
public record RouterLink(
        @DefaultValue("http://localhost:8081") String url,
        @DefaultValue("PT5S") Duration timeout) {

    public RouterLink {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException(
                    "conveyor.api.router.url should be an http(s) URL such as http://localhost:8081");
        }
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("conveyor.api.router.timeout should be a positive duration such as 5s");
        }
    }
}
