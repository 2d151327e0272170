package dev.conveyor.api.templates;

import dev.conveyor.api.config.JsonPointers;
import dev.conveyor.api.errors.InvalidRequest;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Fills a tenant's template with a job's variables, choosing the variant for the pinned model. */
@Component
public class TemplateRenderer {

    private final TemplateStore store;

    TemplateRenderer(TemplateStore store) {
        this.store = store;
    }

    /**
     * @param version null for the latest version
     * @param model the job's model pin, or null
     * @throws InvalidRequest for an unknown template or version, a missing variable, or a variable
     *     the template does not use
     */
    public RenderedPrompt render(
            String tenantId, String templateId, Integer version, String model, Map<String, String> variables) {
        if (version != null && version < 1) {
            throw new InvalidRequest("/template_version", "template_version should be 1 or more");
        }
        Template template = store.find(tenantId, templateId, version)
                .orElseThrow(() -> version == null
                        ? new InvalidRequest("/template_id", "unknown template '" + templateId + "'")
                        : new InvalidRequest(
                                "/template_version", "template '" + templateId + "' has no version " + version));
        Map<String, String> values = variables == null ? Map.of() : variables;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!template.variables().contains(e.getKey())) {
                throw new InvalidRequest(
                        "/variables/" + JsonPointers.escape(e.getKey()),
                        "template '" + templateId + "' v" + template.version() + " has no variable '" + e.getKey()
                                + "'; its variables: " + template.variables());
            }
            if (e.getValue() == null) {
                throw new InvalidRequest("/variables/" + JsonPointers.escape(e.getKey()), "a variable needs a value");
            }
        }
        Template.Variant variant = template.variantFor(model);
        Set<String> needed = Templates.variables(variant.messages(), variant.systemPrompt(), "");
        for (String name : needed) {
            if (!values.containsKey(name)) {
                throw new InvalidRequest(
                        "/variables/" + JsonPointers.escape(name),
                        "variable '" + name + "' of template '" + templateId + "' v" + template.version()
                                + " is missing");
            }
        }
        return new RenderedPrompt(
                variant.messages().stream()
                        .map(t -> new Turn(t.role(), Placeholders.render(t.content(), values)))
                        .toList(),
                variant.systemPrompt() == null ? null : Placeholders.render(variant.systemPrompt(), values));
    }
}
