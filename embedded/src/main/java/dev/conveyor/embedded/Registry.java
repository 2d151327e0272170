package dev.conveyor.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry run as a child process from the server distribution on Maven Central
 * ({@code io.apicurio:apicurio-registry-app:tar.gz:all}), with in-memory storage. The
 * distribution is unpacked once into {@code ~/.cache/conveyor}.
 */
public final class Registry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Registry.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final Path logFile;

    private Registry(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    public static Registry start() {
        Path jar = quarkusRunJar();
        int port = Ports.free();
        try {
            Path logFile = Files.createTempFile("conveyor-registry-", ".log");
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.port=0",
                    "-Dquarkus.log.level=WARN",
                    "-jar",
                    jar.toString());
            Process process = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            Registry registry = new Registry(process, port, logFile);
            registry.awaitReady();
            log.info("Apicurio Registry started at {} (pid {})", registry.url(), process.pid());
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Apicurio Registry from " + jar, e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The registry's native v3 API, as Apicurio's serdes expect it. */
    public String apiUrl() {
        return url() + "/apis/registry/v3";
    }

    /** The Confluent-compatible API, for any Confluent deserializer. */
    public String ccompatUrl() {
        return url() + "/apis/ccompat/v7";
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(apiUrl() + "/system/info"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Apicurio Registry exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            sleepQuietly(200);
        }
        close();
        throw new IllegalStateException(
                "Apicurio Registry did not answer within " + STARTUP_TIMEOUT + "; log:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Unpacks the distribution once (atomically, so concurrent JVMs do not race) and finds its runner jar. */
    static Path quarkusRunJar() {
        Properties props = new Properties();
        try (InputStream in = Registry.class.getResourceAsStream("/conveyor-embedded.properties")) {
            props.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("conveyor-embedded.properties missing from the classpath", e);
        }
        String version = props.getProperty("apicurio.version");
        Path distribution = distribution(props.getProperty("apicurio.distribution"), version);
        Path home = Path.of(System.getProperty("user.home"), ".cache", "conveyor", "apicurio-registry-" + version);
        try {
            if (!Files.isDirectory(home)) {
                Path staging = Files.createTempDirectory(
                        home.getParent() == null ? null : mkdirs(home.getParent()), "unpack-");
                untar(distribution, staging);
                try {
                    Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (!Files.isDirectory(home)) {
                        throw raced;
                    }
                }
            }
            try (Stream<Path> files = Files.walk(home)) {
                return files.filter(p -> p.getFileName().toString().equals("quarkus-run.jar"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no quarkus-run.jar under " + home));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + distribution + " into " + home, e);
        }
    }

    private static Path distribution(String recorded, String version) {
        if (recorded != null && !recorded.startsWith("@") && Files.isRegularFile(Path.of(recorded))) {
            return Path.of(recorded);
        }
        String repo = System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path guess = Path.of(
                repo,
                "io",
                "apicurio",
                "apicurio-registry-app",
                version,
                "apicurio-registry-app-" + version + "-all.tar.gz");
        if (!Files.isRegularFile(guess)) {
            throw new IllegalStateException("Apicurio Registry distribution not found at " + guess
                    + "; build the project with ./mvnw so Maven downloads it");
        }
        return guess;
    }

    private static Path mkdirs(Path dir) throws IOException {
        return Files.createDirectories(dir);
    }

    private static void untar(Path archive, Path into) throws IOException {
        try {
            Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (tar.waitFor() != 0) {
                throw new IOException("tar failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking " + archive, e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
