package dev.conveyor.sim.server;

import dev.conveyor.sim.dialect.Dialect;
import dev.conveyor.sim.engine.CompletionEngine;
import dev.conveyor.sim.reports.AdminReports;
import dev.conveyor.sim.reports.ReportAnswer;
import dev.conveyor.sim.reports.ReportRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sends each request to the protocol that owns its path, or to the simulator's own endpoints under {@code /sim}. */
public final class Router {

    private final CompletionEngine engine;
    private final AdminApi admin;
    private final Map<String, Dialect> byExactPath;
    private final List<PathDialect> byPattern;
    private final AdminReports reports;
    private final List<ApiEndpoints> apis;

    /** A dialect whose paths carry the model, e.g. {@code /v1beta/models/{model}:generateContent}. */
    public record PathDialect(String prefix, String suffix, Dialect dialect) {
        boolean matches(String path) {
            return path.startsWith(prefix)
                    && path.endsWith(suffix)
                    && path.length() > prefix.length() + suffix.length();
        }
    }

    public Router(
            CompletionEngine engine,
            AdminApi admin,
            Map<String, Dialect> byExactPath,
            List<PathDialect> byPattern,
            AdminReports reports,
            List<ApiEndpoints> apis) {
        this.reports = reports;
        this.apis = List.copyOf(apis);
        this.engine = engine;
        this.admin = admin;
        this.byExactPath = byExactPath;
        this.byPattern = byPattern;
    }

    Reply route(SimRequest request) {
        if (request.path().startsWith("/v1/organization") || request.path().equals("/sim/ledger/adjustments")) {
            Optional<ReportAnswer> report = reports.handle(new ReportRequest(
                    request.method(), request.path(), request.query(), request::header, request.body()));
            if (report.isPresent()) {
                return Reply.now(
                        SimResponse.json(report.get().status(), report.get().body()));
            }
        }
        if (request.path().startsWith("/sim/")) {
            return Reply.now(admin.handle(request));
        }
        for (var api : apis) {
            SimResponse answer = api.handle(request);
            if (answer != null) {
                return Reply.now(answer);
            }
        }
        Dialect dialect = byExactPath.get(request.path());
        if (dialect == null) {
            dialect = byPattern.stream()
                    .filter(candidate -> candidate.matches(request.path()))
                    .map(PathDialect::dialect)
                    .findFirst()
                    .orElse(null);
        }
        if (dialect == null) {
            return Reply.now(AdminApi.notFound(request));
        }
        if (!request.method().equals("POST")) {
            return Reply.now(AdminApi.error(405, "Method " + request.method() + " not allowed on " + request.path()));
        }
        return engine.handle(dialect, request);
    }
}
