# One image per service: docker build --build-arg MODULE=router-worker .
FROM eclipse-temurin:21-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.apply.skip=true package -pl ${MODULE} -am

FROM eclipse-temurin:21-jre
ARG MODULE
# The parallel collector: the services are batch pipelines that want throughput, not short pauses
# (README, "Deploying with containers").
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.conveyor.schemas"
COPY --from=build /src/${MODULE}/target/${MODULE}-*-exec.jar /app/service.jar
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
