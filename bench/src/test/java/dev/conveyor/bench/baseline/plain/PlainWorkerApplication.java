package dev.conveyor.bench.baseline.plain;

import dev.conveyor.bench.baseline.OpenAiCall;
import dev.conveyor.schemas.AvroSerdes;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The {@code plain} baseline: what a user writes with Spring Kafka alone. A {@code @KafkaListener}
 * with one consumer thread per partition makes one blocking provider call per record,
 * {@code @RetryableTopic} moves a failed job to a retry topic (calling the fallback model) and then
 * to a dead-letter topic (a FAILED result), and KafkaTemplate publishes the result. Configuration:
 * {@code plain-worker.yml} plus command-line properties from bench/run.
 */
@SpringBootApplication
public class PlainWorkerApplication {

    public static void main(String[] args) {
        AvroSerdes.trustGeneratedClasses();
        SpringApplication app = new SpringApplication(PlainWorkerApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "plain-worker"));
        app.run(args);
    }

    @Bean
    OpenAiCall openAiCall(
            @Value("${bench.provider.base-url}") String baseUrl,
            @Value("${bench.provider.api-key}") String apiKey,
            @Value("${bench.provider.timeout:60s}") Duration timeout) {
        return new OpenAiCall(baseUrl, apiKey, timeout);
    }
}
