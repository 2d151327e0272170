package dev.conveyor.api.config;

import dev.conveyor.api.auth.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), open without a key. */
@Configuration
class OpenApiSetup {

    static {
        // The caller comes from the API key, not from the request's parameters.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI conveyorOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Conveyor API")
                        .version("v1")
                        .description("Submit LLM completion jobs and batches, follow them, read results and usage."
                                + " Every /v1 call needs 'Authorization: Bearer <key>': a tenant's API key, or the"
                                + " admin key for /v1/admin. Errors are RFC 9457 problem documents.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A tenant's API key (cvk_...), or the admin key")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
