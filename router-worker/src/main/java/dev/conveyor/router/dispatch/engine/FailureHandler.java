package dev.conveyor.router.dispatch.engine;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Takes a record whose {@link RecordProcessor} threw (the router publishes it to the dead-letter
 * topic). It runs on the record's virtual thread; when it returns, the record counts as finished and
 * its offset may be committed. A handler that throws is logged and the record is finished anyway,
 * so a handler that must not lose records retries inside itself. An {@link Error} thrown by the
 * processor arrives wrapped in a {@link java.util.concurrent.CompletionException}.
 *
 * @param <V> the record value type
 */
@FunctionalInterface
public interface FailureHandler<V> {

    void onFailure(ConsumerRecord<String, V> record, Exception error);
}
