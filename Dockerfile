# syntax=docker/dockerfile:1
#
# One image recipe for every ThuocDo service. Build one image per service:
#
#   docker build --build-arg SERVICE=worklog -t registry.example.gov.vn/thuocdo/worklog:0.1.0 .
#
# SERVICE is one of the folders under services/ that has src/main.ts (org, catalog, worklog,
# analytics, gateway). There is no build step: tsx transpiles TypeScript when the process starts,
# so the image carries the sources, proto/ (loaded at runtime for gRPC reflection) and
# node_modules including dev dependencies (tsx is one; `npm prune --omit=dev` would remove it).
#
# NOT BUILT HERE: the machines this file was written on have no Docker engine. It has been
# reviewed, not run. See charts/README.md ("What was validated").

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# manifests: only the package.json files and the lockfile, so that the slow `npm ci` below
# (librdkafka is compiled from source, about two minutes) stays cached while sources change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /out \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /out/ \; \
 && cp package-lock.json /out/

# ---------------------------------------------------------------------------------------------
# build: install dependencies. CKJS_LINKING=dynamic builds @confluentinc/kafka-javascript against
# the system's libssl and zlib (the same way as on the development machines), so the runtime
# stage needs libssl3 and zlib1g only.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl-dev zlib1g-dev python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=manifests /out/ ./
ENV CKJS_LINKING=dynamic
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
# Sources last: a code change does not re-run npm ci. .dockerignore keeps tests, charts and
# local state out.
COPY . .

# ---------------------------------------------------------------------------------------------
# runtime
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 zlib1g ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 thuocdo \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin thuocdo
WORKDIR /app
# Owned by root and not writable by the service user: the code is immutable at runtime. The
# only writable places are the volumes the chart mounts (/tmp for tsx's transpile cache, the
# chDB data directory for analytics without a ClickHouse server).
COPY --from=build /app /app

ARG SERVICE
RUN test -n "${SERVICE}" || { echo 'build with --build-arg SERVICE=<org|catalog|worklog|analytics|gateway>' >&2; exit 1; } \
 && test -f "services/${SERVICE}/src/main.ts" || { echo "services/${SERVICE}/src/main.ts not found" >&2; exit 1; }
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    OTEL_SERVICE_NAME=${SERVICE}
LABEL org.opencontainers.image.title="thuocdo-${SERVICE}" \
      org.opencontainers.image.licenses="Apache-2.0"

USER 10001:10001
# Shell form so that ${SERVICE} expands; `exec` makes node PID 1, so it receives SIGTERM itself
# and runs the documented shutdown sequence (NOT_SERVING, drain, stop consumers, flush outbox).
CMD exec node --import tsx "services/${SERVICE}/src/main.ts"
