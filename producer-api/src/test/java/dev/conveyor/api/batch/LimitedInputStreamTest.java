package dev.conveyor.api.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.api.errors.PayloadTooLarge;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class LimitedInputStreamTest {

    @Test
    void aBodyUpToTheLimitReadsAndOneByteMoreIsTooLarge() throws Exception {
        var atLimit = new LimitedInputStream(new ByteArrayInputStream(new byte[10]), DataSize.ofBytes(10));
        var over = new LimitedInputStream(new ByteArrayInputStream(new byte[11]), DataSize.ofBytes(10));

        assertThat(atLimit.readAllBytes()).hasSize(10);
        assertThatThrownBy(over::readAllBytes).isInstanceOf(PayloadTooLarge.class);
    }
}
