package dev.conveyor.api.batch;

import dev.conveyor.api.errors.PayloadTooLarge;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.util.unit.DataSize;

/** A request body that refuses to be read past {@code conveyor.api.max-batch-size}. */
final class LimitedInputStream extends FilterInputStream {

    private final DataSize limit;
    private long read;

    LimitedInputStream(InputStream in, DataSize limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit.toBytes()) {
            throw new PayloadTooLarge(
                    "/", null, "a batch may have " + limit.toMegabytes() + " MB; split it into smaller batches");
        }
    }
}
