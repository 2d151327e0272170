package dev.conveyor.api.batch;

import dev.conveyor.api.intake.JobSubmission;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch's validated jobs in a temporary file, one JSON line each, so a batch is checked whole
 * before any job is produced without being held in memory. Deleted on close.
 */
final class Spool implements AutoCloseable {

    /** A validated job and its place in the batch. */
    record Job(int ordinal, String customId, JobSubmission job) {}

    private final Path file;
    private final JsonMapper json;
    private final BufferedWriter out;
    private int count;

    Spool(JsonMapper json) {
        this.json = json;
        try {
            this.file = Files.createTempFile("conveyor-batch-", ".jsonl");
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool file in java.io.tmpdir", e);
        }
    }

    void write(Job job) {
        try {
            out.write(json.writeValueAsString(job));
            out.write('\n');
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the batch spool file " + file, e);
        }
    }

    int count() {
        return count;
    }

    void forEach(Consumer<Job> consumer) {
        try {
            out.flush();
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    consumer.accept(json.readValue(line, Job.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch spool file " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted next; nothing was lost
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the batch spool file " + file, e);
        }
    }
}
