package dev.conveyor.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine here, so the compose file is checked against the services' own
 * configuration: every environment key it sets is one the service reads, the published port is
 * the service's port, and Prometheus scrapes it.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PORT = Pattern.compile("\\$\\{(\\w+):(\\d+)}");

    @ParameterizedTest
    @ValueSource(strings = {"producer-api", "router-worker", "billing-consumer"})
    void composeMatchesTheServiceConfiguration(String service) throws IOException {
        Map<String, Object> compose = services();
        assertThat(compose).containsKeys("kafka", "registry", "postgres", "prometheus", service);
        Map<String, Object> definition = map(compose.get(service));
        Map<String, Object> environment = map(definition.get("environment"));
        String config = serviceConfig(service);

        for (String key : environment.keySet()) {
            assertThat(config).as("%s.yml reads %s", service, key).containsPattern("\\$\\{" + key + "[:}]");
        }
        assertThat(environment).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "REGISTRY_URL", "DATABASE_URL");

        Matcher port = PORT.matcher(portLine(config));
        assertThat(port.find())
                .as("%s.yml sets server.port from an environment variable", service)
                .isTrue();
        assertThat(String.valueOf(environment.get(port.group(1)))).isEqualTo(port.group(2));
        // published as PORT:PORT, or on one host address (HOST:PORT:PORT)
        assertThat(((List<?>) definition.get("ports")).stream().map(String::valueOf))
                .anySatisfy(published -> assertThat(published).matches("(.+:)?" + port.group(2) + ":" + port.group(2)));

        String prometheus = Files.readString(ROOT.resolve("deploy/prometheus.yml"));
        assertThat(prometheus).contains("job_name: " + service).contains(service + ":" + port.group(2));
        assertThat(prometheus).contains("metrics_path: /actuator/prometheus");
    }

    private static Map<String, Object> services() throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> root = new Yaml().load(in);
            return map(root.get("services"));
        }
    }

    private static String serviceConfig(String service) throws IOException {
        try (InputStream in = DockerComposeTest.class.getResourceAsStream("/" + service + ".yml")) {
            assertThat(in).as("%s.yml on the classpath", service).isNotNull();
            return new String(in.readAllBytes());
        }
    }

    private static String portLine(String config) {
        Map<String, Object> root = new Yaml().load(config);
        return String.valueOf(map(root.get("server")).get("port"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
