package dev.conveyor.billing.export;

import dev.conveyor.billing.api.InvalidInputException;
import java.util.function.Function;
import org.springframework.http.MediaType;

/** The two export formats and how each renders. */
enum ExportFormat {
    CSV("csv", new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8), StatementFormats::csv),
    JSON("json", MediaType.APPLICATION_JSON, StatementFormats::json);

    final String extension;
    final MediaType mediaType;
    private final Function<MonthlyStatement, byte[]> renderer;

    ExportFormat(String extension, MediaType mediaType, Function<MonthlyStatement, byte[]> renderer) {
        this.extension = extension;
        this.mediaType = mediaType;
        this.renderer = renderer;
    }

    byte[] render(MonthlyStatement statement) {
        return renderer.apply(statement);
    }

    static ExportFormat parse(String extension) {
        for (ExportFormat format : values()) {
            if (format.extension.equalsIgnoreCase(extension)) {
                return format;
            }
        }
        throw new InvalidInputException("format", "format should be csv or json, got '" + extension + "'");
    }
}
