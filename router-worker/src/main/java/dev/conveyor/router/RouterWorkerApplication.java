package dev.conveyor.router;

import dev.conveyor.schemas.AvroSerdes;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RouterWorkerApplication {

    /** The service's own config file, {@code router-worker.yml}, so services can share one JVM. */
    public static final String CONFIG_NAME = "router-worker";

    public static SpringApplicationBuilder builder() {
        AvroSerdes.trustGeneratedClasses();
        return new SpringApplicationBuilder(RouterWorkerApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
