package dev.conveyor.api.templates;

import dev.conveyor.api.errors.Conflict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Template versions in {@code intake.templates}, each tenant's apart. */
@Repository
class TemplateStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TemplateStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Writes version 1, or the next version when {@code next}; null when {@code next} and there is none yet. */
    Integer insert(
            String tenantId, String templateId, String description, Template.Body body, Instant now, boolean next) {
        try {
            return jdbc.sql("""
                            INSERT INTO intake.templates (tenant_id, template_id, version, description, body, created_at)
                            SELECT :tenantId, :templateId, COALESCE(MAX(version), 0) + 1, :description, :body, :createdAt
                            FROM intake.templates WHERE tenant_id = :tenantId AND template_id = :templateId
                            HAVING (COUNT(*) > 0) = :next
                            RETURNING version
                            """)
                    .param("tenantId", tenantId)
                    .param("templateId", templateId)
                    .param("description", description)
                    .param("body", json.writeValueAsString(body))
                    .param("createdAt", Timestamp.from(now))
                    .param("next", next)
                    .query(Integer.class)
                    .optional()
                    .orElseGet(() -> {
                        if (!next) {
                            throw new Conflict("template '" + templateId
                                    + "' exists; add a version with POST /v1/templates/" + templateId + "/versions");
                        }
                        return null;
                    });
        } catch (DuplicateKeyException e) {
            throw new Conflict("template '" + templateId + "' was changed at the same time; retry");
        }
    }

    /** The given version, or the latest when {@code version} is null. */
    Optional<Template> find(String tenantId, String templateId, Integer version) {
        return jdbc.sql("""
                        SELECT * FROM intake.templates
                        WHERE tenant_id = :tenantId AND template_id = :templateId
                          AND (CAST(:version AS INT) IS NULL OR version = :version)
                        ORDER BY version DESC LIMIT 1
                        """)
                .param("tenantId", tenantId)
                .param("templateId", templateId)
                .param("version", version)
                .query(this::template)
                .optional();
    }

    List<Template> versions(String tenantId, String templateId) {
        return jdbc.sql("""
                        SELECT * FROM intake.templates WHERE tenant_id = :tenantId AND template_id = :templateId
                        ORDER BY version
                        """)
                .param("tenantId", tenantId)
                .param("templateId", templateId)
                .query(this::template)
                .list();
    }

    /** The latest version of each of the tenant's templates. */
    List<Template> latest(String tenantId) {
        return jdbc.sql("""
                        SELECT DISTINCT ON (template_id) * FROM intake.templates WHERE tenant_id = :tenantId
                        ORDER BY template_id, version DESC
                        """).param("tenantId", tenantId).query(this::template).list();
    }

    private Template template(ResultSet rs, int row) throws SQLException {
        Template.Body body = json.readValue(rs.getString("body"), Template.Body.class);
        return Templates.assemble(
                rs.getString("template_id"),
                rs.getInt("version"),
                rs.getString("description"),
                body,
                rs.getTimestamp("created_at").toInstant());
    }
}
