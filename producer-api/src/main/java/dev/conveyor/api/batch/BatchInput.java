package dev.conveyor.api.batch;

import dev.conveyor.api.errors.InvalidRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a batch body one job at a time, never the whole body at once: JSONL (one JSON object per
 * line; blank lines are skipped) or a JSON array.
 */
abstract sealed class BatchInput {

    /** One job of the batch as the client wrote it. {@code line} is the JSONL line, null in an array. */
    record Element(int ordinal, Long line, JsonNode node) {

        /** Where this element's fields are: a pointer prefix, and the line for JSONL. */
        InvalidRequest locate(InvalidRequest fault) {
            return line != null ? fault.within("", line) : fault.within("/" + (ordinal - 1), null);
        }
    }

    interface Handler {
        void accept(Element element);
    }

    abstract void forEach(Handler handler);

    static BatchInput jsonl(InputStream in, JsonMapper json, int maxLineBytes) {
        return new Jsonl(in, json, maxLineBytes);
    }

    static BatchInput array(InputStream in, JsonMapper json) {
        return new Array(in, json);
    }

    private static final class Jsonl extends BatchInput {
        private final InputStream in;
        private final JsonMapper json;
        private final int maxLineBytes;

        Jsonl(InputStream in, JsonMapper json, int maxLineBytes) {
            this.in = in;
            this.json = json;
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        void forEach(Handler handler) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
            long number = 1;
            int ordinal = 0;
            try {
                int b;
                boolean more = true;
                while (more) {
                    b = in.read();
                    if (b == -1 || b == '\n') {
                        more = b != -1;
                        byte[] bytes = line.toByteArray();
                        line.reset();
                        if (!blank(bytes)) {
                            handler.accept(new Element(++ordinal, number, parse(bytes, number)));
                        }
                        number++;
                    } else if (line.size() >= maxLineBytes) {
                        throw new InvalidRequest("/", "line " + number + " is longer than " + maxLineBytes + " bytes")
                                .within("", number);
                    } else {
                        line.write(b);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (ordinal == 0) {
                throw new InvalidRequest("/", "the batch has no jobs");
            }
        }

        private JsonNode parse(byte[] bytes, long number) {
            int start = number == 1 && bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF ? 3 : 0;
            try {
                return json.readTree(bytes, start, bytes.length - start);
            } catch (JacksonException e) {
                throw new InvalidRequest("/", "not valid JSON: " + firstLine(e.getOriginalMessage()))
                        .within("", number);
            }
        }

        private static boolean blank(byte[] bytes) {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Array extends BatchInput {
        private final InputStream in;
        private final JsonMapper json;

        Array(InputStream in, JsonMapper json) {
            this.in = in;
            this.json = json;
        }

        @Override
        void forEach(Handler handler) {
            int ordinal = 0;
            try (JsonParser parser = json.createParser(in)) {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new InvalidRequest("/", "a JSON batch should be an array of jobs");
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode node = parser.readValueAsTree();
                    handler.accept(new Element(++ordinal, null, node));
                }
                if (parser.nextToken() != null) {
                    throw new InvalidRequest("/", "unexpected content after the array");
                }
            } catch (JacksonException e) {
                throw new InvalidRequest(
                                "/", "not valid JSON at element " + ordinal + ": " + firstLine(e.getOriginalMessage()))
                        .within("/" + ordinal, null);
            }
            if (ordinal == 0) {
                throw new InvalidRequest("/", "the batch has no jobs");
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
