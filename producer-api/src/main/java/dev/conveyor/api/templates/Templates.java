package dev.conveyor.api.templates;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.config.JsonPointers;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.errors.NotFound;
import dev.conveyor.api.models.ModelCatalog;
import dev.conveyor.api.text.Text;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** Creates and versions templates after checking them; reads them back for one tenant. */
@Service
class Templates {

    static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final TemplateStore store;
    private final ModelCatalog catalog;
    private final ApiSettings settings;
    private final Clock clock;

    Templates(TemplateStore store, ModelCatalog catalog, ApiSettings settings, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.settings = settings;
        this.clock = clock;
    }

    Template create(String tenantId, String templateId, String description, Template.Body body) {
        if (templateId == null || !ID.matcher(templateId).matches()) {
            throw new InvalidRequest(
                    "/id", "id should be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        dev.conveyor.api.text.Text.checkName(description, "/description");
        check(body);
        Instant now = clock.instant();
        int version = store.insert(tenantId, templateId, description, body, now, false);
        return assemble(templateId, version, description, body, now);
    }

    Template addVersion(String tenantId, String templateId, String description, Template.Body body) {
        dev.conveyor.api.text.Text.checkName(description, "/description");
        check(body);
        Instant now = clock.instant();
        Integer version = store.insert(tenantId, templateId, description, body, now, true);
        if (version == null) {
            throw new NotFound("no template '" + templateId + "'; create it with POST /v1/templates");
        }
        return assemble(templateId, version, description, body, now);
    }

    Template get(String tenantId, String templateId, Integer version) {
        return store.find(tenantId, templateId, version)
                .orElseThrow(() -> new NotFound(
                        "no template '" + templateId + "'" + (version == null ? "" : " version " + version)));
    }

    List<Template> versions(String tenantId, String templateId) {
        List<Template> versions = store.versions(tenantId, templateId);
        if (versions.isEmpty()) {
            throw new NotFound("no template '" + templateId + "'");
        }
        return versions;
    }

    List<Template> latest(String tenantId) {
        return store.latest(tenantId);
    }

    static Template assemble(
            String templateId, int version, String description, Template.Body body, Instant createdAt) {
        Set<String> variables = new TreeSet<>(variables(body.messages(), body.systemPrompt(), ""));
        if (body.modelOverrides() != null) {
            body.modelOverrides()
                    .values()
                    .forEach(v -> variables.addAll(variables(v.messages(), v.systemPrompt(), "")));
        }
        return new Template(
                templateId,
                version,
                description,
                body.messages(),
                body.systemPrompt(),
                body.modelOverrides() == null ? Map.of() : body.modelOverrides(),
                variables,
                createdAt);
    }

    private void check(Template.Body body) {
        long chars = checkVariant(body.messages(), body.systemPrompt(), "");
        if (body.modelOverrides() != null) {
            for (Map.Entry<String, Template.Variant> e : body.modelOverrides().entrySet()) {
                String at = "/model_overrides/" + JsonPointers.escape(e.getKey());
                if (catalog.find(e.getKey(), null).isEmpty()) {
                    throw new InvalidRequest(at, "unknown model '" + e.getKey() + "'; known: " + catalog.ids());
                }
                if (e.getValue() == null) {
                    throw new InvalidRequest(at, "an override needs messages");
                }
                chars = Math.max(
                        chars,
                        checkVariant(e.getValue().messages(), e.getValue().systemPrompt(), at));
            }
        }
        if (chars > settings.maxPromptChars()) {
            throw new InvalidRequest(
                    "/messages",
                    "the template has " + chars + " characters; a prompt may have " + settings.maxPromptChars());
        }
    }

    private static long checkVariant(List<Turn> messages, String systemPrompt, String at) {
        if (messages == null || messages.isEmpty()) {
            throw new InvalidRequest(at + "/messages", "a template needs at least one message");
        }
        long chars = 0;
        for (int i = 0; i < messages.size(); i++) {
            Turn turn = messages.get(i);
            String field = at + "/messages/" + i;
            if (turn == null || turn.role() == null || !ROLES.contains(turn.role())) {
                throw new InvalidRequest(field + "/role", "role should be one of " + new TreeSet<>(ROLES));
            }
            if (turn.content() == null || turn.content().isBlank()) {
                throw new InvalidRequest(field + "/content", "content is empty");
            }
            if (!Text.wellFormed(turn.content())) {
                throw new InvalidRequest(field + "/content", "text should be valid Unicode without NUL characters");
            }
            chars += turn.content().length();
        }
        if (systemPrompt != null && !Text.wellFormed(systemPrompt)) {
            throw new InvalidRequest(at + "/system_prompt", "text should be valid Unicode without NUL characters");
        }
        variables(messages, systemPrompt, at);
        return chars + (systemPrompt == null ? 0 : systemPrompt.length());
    }

    /** The placeholders of one variant; a malformed one is an error naming its field. */
    static Set<String> variables(List<Turn> messages, String systemPrompt, String at) {
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < messages.size(); i++) {
            names.addAll(Placeholders.names(messages.get(i).content(), at + "/messages/" + i + "/content"));
        }
        if (systemPrompt != null) {
            names.addAll(Placeholders.names(systemPrompt, at + "/system_prompt"));
        }
        return names;
    }
}
