package dev.conveyor.api;

import dev.conveyor.schemas.AvroSerdes;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProducerApiApplication {

    /** The service's own config file, {@code producer-api.yml}, so services can share one JVM. */
    public static final String CONFIG_NAME = "producer-api";

    public static SpringApplicationBuilder builder() {
        AvroSerdes.trustGeneratedClasses();
        return new SpringApplicationBuilder(ProducerApiApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
