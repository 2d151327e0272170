package dev.conveyor.catalog;

import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Gives every service the same {@link Catalog} bean: the shipped file and {@code conveyor.catalog.file} over it. */
@AutoConfiguration
@EnableConfigurationProperties(CatalogAutoConfiguration.CatalogSettings.class)
public class CatalogAutoConfiguration {

    /** @param file an operator's catalog file (same shape as {@code catalog.yml}); unset: the shipped catalog */
    @ConfigurationProperties("conveyor.catalog")
    public record CatalogSettings(Path file) {}

    @Bean
    @ConditionalOnMissingBean
    Catalog catalog(CatalogSettings settings) {
        return Catalog.load(settings.file());
    }
}
