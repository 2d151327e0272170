package dev.conveyor.bench.baseline.pc;

import dev.conveyor.bench.Args;
import dev.conveyor.bench.baseline.BaselineResults;
import dev.conveyor.bench.baseline.OpenAiCall;
import dev.conveyor.bench.baseline.SchemaCaching;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.CompletionRequest;
import dev.conveyor.schemas.CompletionResult;
import dev.conveyor.schemas.EventIds;
import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.confluent.parallelconsumer.PollContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code parallel-consumer} baseline: Confluent's parallel-consumer in unordered mode with the
 * same in-flight cap as the product ({@code maxConcurrency}), making the same blocking provider
 * call per record (the chain's fallback model after a failure, a FAILED result when every model
 * failed) and publishing the result with {@code pollAndProduce}, which commits a record's offset
 * only after its result is acknowledged. Its serializer is warmed before the first record (see
 * {@link SchemaCaching}).
 *
 * <pre>
 * ParallelConsumerWorker --bootstrap B --registry URL --group G --requests T --results T
 *                        --provider-url URL --api-key K --max-concurrency N
 * </pre>
 */
public final class ParallelConsumerWorker {

    private ParallelConsumerWorker() {}

    public static void main(String[] args) throws InterruptedException {
        Args options = Args.parse(args, 0);
        AvroSerdes.trustGeneratedClasses();
        String bootstrap = options.string("bootstrap");
        String registry = options.string("registry");
        String results = options.string("results");
        OpenAiCall provider =
                new OpenAiCall(options.string("provider-url"), options.string("api-key"), Duration.ofSeconds(60));

        Map<String, Object> consumerConfig = new HashMap<>(AvroSerdes.consumerConfig(registry));
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, options.string("group"));
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> producerConfig = new HashMap<>(AvroSerdes.producerConfig(registry));
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(SchemaCaching.CHECK_PERIOD, SchemaCaching.CHECK_PERIOD_MS);

        ParallelConsumerOptions<String, Object> pcOptions = ParallelConsumerOptions.<String, Object>builder()
                .ordering(ProcessingOrder.UNORDERED)
                .maxConcurrency(Integer.parseInt(options.string("max-concurrency")))
                .commitMode(CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                .consumer(new KafkaConsumer<>(consumerConfig))
                .producer(new KafkaProducer<>(
                        producerConfig, new StringSerializer(), SchemaCaching.warmSerializer(producerConfig, results)))
                .build();
        ParallelStreamProcessor<String, Object> processor = ParallelStreamProcessor.createEosStreamProcessor(pcOptions);
        processor.subscribe(List.of(options.string("requests")));
        processor.pollAndProduce(context -> new ProducerRecord<>(results, context.key(), handle(provider, context)));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.closeDontDrainFirst();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static CompletionResult handle(OpenAiCall provider, PollContext<String, Object> context) {
        CompletionRequest job = (CompletionRequest) context.value();
        Instant started = Instant.now();
        List<String> chain = BaselineResults.chain(job.getTaskType());
        String error = "no model";
        for (int attempt = 0; attempt < chain.size(); attempt++) {
            String model = chain.get(attempt);
            try {
                OpenAiCall.Answer answer = provider.complete(
                        job, model, EventIds.forCall(job.getTenantId(), job.getJobId(), attempt, "openai", model));
                return BaselineResults.succeeded(job, model, answer, started);
            } catch (OpenAiCall.CallFailed e) {
                error = e.getMessage();
            }
        }
        return BaselineResults.failed(job, "every model failed; last: " + error, started);
    }
}
