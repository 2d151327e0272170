package dev.conveyor.billing;

import dev.conveyor.schemas.AvroSerdes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The billing consumer: usage events in, an exact ledger, budget alerts and monthly exports
 * out. With {@code --export} it runs once as a command line tool and exits (see {@code
 * ExportCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BillingConsumerApplication {

    /** The service's config file is {@code billing-consumer.yml}, so several services share a JVM. */
    public static final String CONFIG_NAME = "billing-consumer";

    public static void main(String[] args) {
        AvroSerdes.trustGeneratedClasses();
        SpringApplication app = new SpringApplication(BillingConsumerApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        if (!Arrays.asList(args).contains("--export")) {
            app.run(args);
            return;
        }
        // One-shot command: no web server, no consuming, no schedules; command line properties
        // outrank billing-consumer.yml.
        app.setWebApplicationType(WebApplicationType.NONE);
        List<String> commandArgs = new ArrayList<>(Arrays.asList(args));
        commandArgs.add("--conveyor.billing.consumer.auto-startup=false");
        commandArgs.add("--conveyor.billing.export.scheduled=false");
        commandArgs.add("--conveyor.billing.alerts.publishing=false");
        ConfigurableApplicationContext context = app.run(commandArgs.toArray(String[]::new));
        System.exit(SpringApplication.exit(context));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
