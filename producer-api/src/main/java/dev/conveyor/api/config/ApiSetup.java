package dev.conveyor.api.config;

import dev.conveyor.api.ApiSettings;
import java.time.Clock;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

@Configuration
class ApiSetup {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Strict JSON: an unknown field is an error (a typo such as {@code max_token} is not ignored),
     * and no value changes type on the way in ({@code 1.5} is not the integer 1, {@code "300"} not
     * a number, {@code 123} not a string).
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Float,
                        c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    /**
     * Tomcat's own error reports as problems: replaces the HTML {@code ErrorReportValve} (Spring
     * Boot's included) on the host, for requests Tomcat refuses before any servlet runs.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemReportValve());
        });
    }

    @Bean
    NewTopic requestsTopic(ApiSettings settings) {
        return TopicBuilder.name(settings.requestsTopic()).partitions(12).build();
    }
}
