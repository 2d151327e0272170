package dev.conveyor.sim.dialect;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as OpenAI writes them in {@code x-ratelimit-reset-*}: "120ms", "1s", "59.5s", "6m0s", "1h2m3s". */
public final class OpenAiDurations {

    private OpenAiDurations() {}

    static String format(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis % 3_600_000 / 60_000;
        String seconds =
                BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString();
        var text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        return text.append(seconds).append('s').toString();
    }
}
