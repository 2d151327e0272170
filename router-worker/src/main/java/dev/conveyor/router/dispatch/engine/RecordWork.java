package dev.conveyor.router.dispatch.engine;

import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs on a record's virtual thread: the processor, then the failure handler if it threw; or
 * the poison handler. Nothing escapes: whatever happens, the record ends finished.
 */
final class RecordWork<V> {

    private static final Logger log = LoggerFactory.getLogger(RecordWork.class);

    private final RecordProcessor<V> processor;
    private final FailureHandler<V> failureHandler;
    private final PoisonHandler poisonHandler;
    private final DispatchMetrics metrics;

    RecordWork(
            RecordProcessor<V> processor,
            FailureHandler<V> failureHandler,
            PoisonHandler poisonHandler,
            DispatchMetrics metrics) {
        this.processor = processor;
        this.failureHandler = failureHandler;
        this.poisonHandler = poisonHandler;
        this.metrics = metrics;
    }

    Runnable process(ConsumerRecord<String, V> record) {
        return () -> {
            long started = System.nanoTime();
            try {
                processor.process(record);
                metrics.processed(System.nanoTime() - started);
            } catch (LeftUnfinished e) {
                throw e;
            } catch (Throwable t) {
                metrics.failed(System.nanoTime() - started);
                handOverFailure(record, t instanceof Exception e ? e : new CompletionException(t));
            }
        };
    }

    Runnable poison(ConsumerRecord<byte[], byte[]> raw, Exception cause) {
        return () -> {
            metrics.poison();
            try {
                poisonHandler.onPoison(raw, cause);
            } catch (LeftUnfinished e) {
                throw e;
            } catch (Throwable t) {
                log.error(
                        "The poison handler threw for {}-{}@{}; the record is skipped. Make the handler retry"
                                + " if it must not lose records",
                        raw.topic(),
                        raw.partition(),
                        raw.offset(),
                        t);
            }
        };
    }

    private void handOverFailure(ConsumerRecord<String, V> record, Exception error) {
        try {
            failureHandler.onFailure(record, error);
        } catch (LeftUnfinished e) {
            throw e;
        } catch (Throwable t) {
            t.addSuppressed(error);
            log.error(
                    "The failure handler threw for {}-{}@{}; the record is skipped. Make the handler retry"
                            + " if it must not lose records",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    t);
        }
    }
}
