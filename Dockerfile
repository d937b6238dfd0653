# syntax=docker/dockerfile:1
# One image recipe for every service, built from the repository root (the build context):
#   docker compose build message-service      (docker-compose.yml passes MODULE per service)
# The service's ports come from SERVER_PORT and MANAGEMENT_SERVER_PORT (actuator) at run time; the
# healthcheck probes the management port, which must therefore be set (docker-compose.yml does).

ARG MODULE

FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl "${MODULE}" -am package \
    && cp "${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar" /src/service.jar

FROM eclipse-temurin:17-jre
ARG MODULE
LABEL org.opencontainers.image.title="staffchat ${MODULE}"
RUN groupadd --system staffchat && useradd --system --gid staffchat staffchat
WORKDIR /app
COPY --from=build /src/service.jar /app/service.jar
USER staffchat
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Healthy once GET /actuator/health/readiness on the management port answers 200 (bash only: the JRE
# image has no curl for sure). The local profile binds that port to 127.0.0.1, which this probe uses.
HEALTHCHECK --interval=5s --timeout=3s --start-period=90s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
