package dev.conveyor.api.providers;

import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.errors.NotFound;
import dev.conveyor.problems.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The models and providers, read from the router: {@code GET /v1/models} (OpenAI's list shape plus
 * prices, context window and capabilities), {@code GET /v1/providers} (each provider, enabled or
 * not, with each model's circuit and last probe), and for operators {@code GET /v1/admin/providers}
 * (the same with rate-limit use) and {@code POST /v1/admin/providers/{name}/health-check}.
 */
@RestController
class ProvidersController {

    private final RouterClient router;

    ProvidersController(RouterClient router) {
        this.router = router;
    }

    @GetMapping("/v1/models")
    JsonNode models(Caller caller) {
        return ProvidersView.models(router.providers());
    }

    @GetMapping("/v1/providers")
    JsonNode providers(Caller caller) {
        return ProvidersView.providers(router.providers(), false);
    }

    @GetMapping("/v1/admin/providers")
    JsonNode adminProviders() {
        return ProvidersView.providers(router.providers(), true);
    }

    @PostMapping("/v1/admin/providers/{name}/health-check")
    JsonNode healthCheck(@PathVariable String name) {
        return router.healthCheck(name)
                .map(ProvidersView::healthCheck)
                .orElseThrow(() -> new NotFound("no provider named '" + name + "' is configured in the router"));
    }

    /** 503 with Retry-After, as when billing does not answer. */
    @ExceptionHandler(RouterUnavailable.class)
    ResponseEntity<ProblemDetail> routerUnavailable(RouterUnavailable e) {
        ProblemDetail problem = ProblemTypes.problem(
                HttpStatus.SERVICE_UNAVAILABLE, "router-unavailable", "Router unavailable", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }
}
