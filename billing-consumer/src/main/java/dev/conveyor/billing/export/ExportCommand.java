package dev.conveyor.billing.export;

import dev.conveyor.billing.BillingSettings;
import dev.conveyor.billing.api.ConflictException;
import dev.conveyor.billing.api.Inputs;
import dev.conveyor.billing.api.InvalidInputException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar billing-consumer-exec.jar --export --month=yyyy-MM [--tenant=T] [--out=DIR]}:
 * writes final bills (CSV and JSON) for one tenant, or every tenant billed that month, and exits.
 * Exit code 0 on success, 2 for bad arguments or a month not over yet.
 */
@Component
class ExportCommand implements ApplicationRunner, ExitCodeGenerator {

    private final Exporter exporter;
    private final BillingSettings settings;
    private volatile int exitCode;

    ExportCommand(Exporter exporter, BillingSettings settings) {
        this.exporter = exporter;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption("export")) {
            return;
        }
        try {
            YearMonth month = Inputs.month(single(args, "month"), "--month");
            String tenant = args.containsOption("tenant") ? Inputs.tenant(single(args, "tenant"), "--tenant") : null;
            Path out = args.containsOption("out")
                    ? Path.of(single(args, "out"))
                    : settings.export().directory();
            List<Path> written =
                    tenant == null ? exporter.exportFinal(month, out) : exporter.exportFinal(tenant, month, out);
            written.forEach(path -> System.out.println("wrote " + path.toAbsolutePath()));
            if (written.isEmpty()) {
                System.out.println("no tenant has usage billed to " + month);
            }
            exitCode = 0;
        } catch (InvalidInputException | ConflictException e) {
            System.err.println("export refused: " + e.getMessage());
            exitCode = 2;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private static String single(ApplicationArguments args, String name) {
        List<String> values = args.getOptionValues(name);
        if (values == null || values.size() != 1 || values.get(0).isBlank()) {
            throw new InvalidInputException("--" + name, "--" + name + "=VALUE is required once");
        }
        return values.get(0);
    }
}
