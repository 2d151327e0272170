package dev.conveyor.api.templates;

import dev.conveyor.api.auth.Caller;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's prompt templates: create, add versions, list, read. */
@RestController
@RequestMapping("/v1/templates")
class TemplateController {

    private final Templates templates;

    TemplateController(Templates templates) {
        this.templates = templates;
    }

    record NewTemplate(
            String id,
            String description,
            List<Turn> messages,
            String systemPrompt,
            Map<String, Template.Variant> modelOverrides) {

        Template.Body body() {
            return new Template.Body(messages, systemPrompt, modelOverrides);
        }
    }

    record TemplateView(
            String object,
            String id,
            int version,
            String description,
            List<Turn> messages,
            String systemPrompt,
            Map<String, Template.Variant> modelOverrides,
            List<String> variables,
            java.time.Instant createdAt) {

        static TemplateView of(Template t) {
            return new TemplateView(
                    "template",
                    t.id(),
                    t.version(),
                    t.description(),
                    t.messages(),
                    t.systemPrompt(),
                    t.modelOverrides(),
                    List.copyOf(t.variables()),
                    t.createdAt());
        }
    }

    /** Version 1 of a new template. */
    @PostMapping
    ResponseEntity<TemplateView> create(Caller caller, @RequestBody NewTemplate body) {
        Template t = templates.create(caller.tenantId(), body.id(), body.description(), body.body());
        return ResponseEntity.created(URI.create("/v1/templates/" + t.id() + "/versions/" + t.version()))
                .body(TemplateView.of(t));
    }

    /** The next version of a template; the body is as for create, without {@code id}. */
    @PostMapping("/{templateId}/versions")
    ResponseEntity<TemplateView> addVersion(
            Caller caller, @PathVariable String templateId, @RequestBody NewTemplate body) {
        Template t = templates.addVersion(caller.tenantId(), templateId, body.description(), body.body());
        return ResponseEntity.created(URI.create("/v1/templates/" + t.id() + "/versions/" + t.version()))
                .body(TemplateView.of(t));
    }

    /** The latest version of each template. */
    @GetMapping
    Map<String, Object> list(Caller caller) {
        return Map.of(
                "object",
                "list",
                "data",
                templates.latest(caller.tenantId()).stream()
                        .map(TemplateView::of)
                        .toList());
    }

    @GetMapping("/{templateId}")
    TemplateView latest(Caller caller, @PathVariable String templateId) {
        return TemplateView.of(templates.get(caller.tenantId(), templateId, null));
    }

    @GetMapping("/{templateId}/versions")
    Map<String, Object> versions(Caller caller, @PathVariable String templateId) {
        return Map.of(
                "object",
                "list",
                "data",
                templates.versions(caller.tenantId(), templateId).stream()
                        .map(TemplateView::of)
                        .toList());
    }

    @GetMapping("/{templateId}/versions/{version}")
    TemplateView version(Caller caller, @PathVariable String templateId, @PathVariable int version) {
        return TemplateView.of(templates.get(caller.tenantId(), templateId, version));
    }
}
