package dev.conveyor.billing.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a statement as {@code DIR/<tenant>/<yyyy-MM>.csv} and {@code .json}, each atomically
 * (a temporary file moved into place), so a reader never sees half a bill and regenerating
 * replaces a file with identical bytes.
 */
final class ExportFiles {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private ExportFiles() {}

    static List<Path> write(Path directory, MonthlyStatement statement) {
        List<Path> written = new ArrayList<>();
        for (ExportFormat format : ExportFormat.values()) {
            Path target = path(directory, statement.tenant(), YearMonth.parse(statement.month()), format);
            writeAtomically(target, format.render(statement));
            written.add(target);
        }
        return written;
    }

    static Path path(Path directory, String tenant, YearMonth month, ExportFormat format) {
        return directory.resolve(directoryName(tenant)).resolve(month + "." + format.extension);
    }

    /** The tenant id when it is a safe file name, a stable hash of it otherwise. */
    static String directoryName(String tenant) {
        if (SAFE.matcher(tenant).matches() && !tenant.contains("..")) {
            return tenant;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tenant.getBytes(StandardCharsets.UTF_8));
            return "tenant-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeAtomically(Path target, byte[] content) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".export-", ".tmp");
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write the export " + target + "; check that "
                            + "conveyor.billing.export.directory is writable",
                    e);
        }
    }
}
