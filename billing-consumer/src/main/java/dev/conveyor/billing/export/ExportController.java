package dev.conveyor.billing.export;

import dev.conveyor.billing.api.Inputs;
import java.time.YearMonth;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/exports/{tenant}/{yyyy-MM}.csv|.json}: the month's bill, final once the month is
 * over (the first request seals it), a draft while it runs ({@code X-Statement-Status}).
 */
@RestController
class ExportController {

    private final Exporter exporter;

    ExportController(Exporter exporter) {
        this.exporter = exporter;
    }

    @GetMapping("/v1/exports/{tenant}/{month}.{format}")
    ResponseEntity<byte[]> export(
            @PathVariable String tenant, @PathVariable String month, @PathVariable String format) {
        String tenantId = Inputs.tenant(tenant, "tenant");
        YearMonth yearMonth = Inputs.month(month, "month");
        ExportFormat exportFormat = ExportFormat.parse(format);
        MonthlyStatement statement = exporter.statement(tenantId, yearMonth);
        return ResponseEntity.ok()
                .contentType(exportFormat.mediaType)
                .header("X-Statement-Status", statement.status())
                .header(
                        "Content-Disposition",
                        "inline; filename=\"" + ExportFiles.directoryName(tenantId) + "-" + yearMonth + "."
                                + exportFormat.extension + "\"")
                .body(exportFormat.render(statement));
    }
}
