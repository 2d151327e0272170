package dev.conveyor.billing.export;

import dev.conveyor.billing.BillingSettings;
import dev.conveyor.billing.api.ConflictException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Produces monthly bills: on demand (HTTP, CLI) and, after each month end, for every tenant
 * into {@code conveyor.billing.export.directory}. Exporting is idempotent.
 */
@Service
public class Exporter {

    private static final Logger log = LoggerFactory.getLogger(Exporter.class);

    private final Statements statements;
    private final BillingSettings settings;

    Exporter(Statements statements, BillingSettings settings) {
        this.statements = statements;
        this.settings = settings;
    }

    MonthlyStatement statement(String tenant, YearMonth month) {
        return statements.statement(tenant, month);
    }

    /** Writes the final bill of a month that is over; refuses a running month. */
    public List<Path> exportFinal(String tenant, YearMonth month, Path directory) {
        if (!statements.isOver(month)) {
            throw new ConflictException(
                    "month " + month + " is not over yet (UTC); a final bill exists only after the month ends");
        }
        return ExportFiles.write(directory, statements.statement(tenant, month));
    }

    /** Every tenant with events billed to {@code month}. */
    public List<Path> exportFinal(YearMonth month, Path directory) {
        if (!statements.isOver(month)) {
            throw new ConflictException(
                    "month " + month + " is not over yet (UTC); a final bill exists only after the month ends");
        }
        List<Path> written = new ArrayList<>();
        for (String tenant : statements.tenantsBilledIn(month)) {
            MonthlyStatement statement = statements.statement(tenant, month);
            if (!statement.lines().isEmpty()) {
                written.addAll(ExportFiles.write(directory, statement));
            }
        }
        return written;
    }

    /**
     * After month end: bills every tenant for every past month not yet exported (so a missed
     * run catches up at the next one).
     */
    @Scheduled(cron = "${conveyor.billing.export.cron:0 15 0 1 * *}", zone = "UTC")
    public void exportClosedMonths() {
        if (!settings.export().scheduled()) {
            return;
        }
        Path directory = settings.export().directory();
        for (Statements.TenantMonthKey due : statements.unsealedPastMonthsWithEvents()) {
            List<Path> written = exportFinal(due.tenant(), due.month(), directory);
            log.info("Exported the {} bill of tenant {}: {}", due.month(), due.tenant(), written);
        }
    }
}
